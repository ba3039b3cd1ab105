// The function both servers run: an HTTP API (payload 2.0) handler answering a small JSON body.
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: 7, name: 'morpheus', job: 'leader', path: event.rawPath }),
});
