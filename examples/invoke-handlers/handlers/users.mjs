// A Lambda handler served over HTTP by `sluice serve --config examples/invoke-handlers/sluice.yaml`.
const users = [{ id: '1', name: 'morpheus' }];

export async function handler(event) {
  if (event.requestContext?.http?.method === 'POST') {
    const user = { id: String(users.length + 1), ...JSON.parse(event.body ?? '{}') };
    users.push(user);
    return { statusCode: 201, body: JSON.stringify(user) };
  }
  return users;
}
