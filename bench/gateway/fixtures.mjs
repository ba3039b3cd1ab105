/**
 * Response and request bodies shared by the upstream and the load generator, so every
 * configuration moves exactly the same bytes.
 */

const user = (id, name, username, email, city) => ({ id, name, username, email, address: { city }, active: true });

/** GET /users: ~300 B of JSON, the size of a typical small API answer. */
export const USERS_JSON = JSON.stringify([
  user(1, 'Leanne Graham', 'Bret', 'Sincere@april.biz', 'Gwenborough'),
  user(2, 'Ervin Howell', 'Antonette', 'Shanna@melissa.tv', 'Wisokyburgh'),
  { id: 3, name: 'Clementine Bauch', username: 'Samantha' },
]);

/** POST /users request body: ~200 B of JSON. */
export const POST_BODY = JSON.stringify({
  name: 'Clementine Bauch',
  username: 'Samantha',
  email: 'Nathan@yesenia.net',
  address: { street: 'Douglas Extension', suite: 'Suite 847', city: 'McKenziehaven', zipcode: '59590-4157' },
  phone: '1-463-123-4447',
});

/** GET /big: exactly this many bytes of JSON. */
export const BIG_BYTES = 256 * 1024;

/**
 * Builds the GET /big body: an array of users padded to exactly {@link BIG_BYTES}, so it is
 * valid JSON like a real large API answer rather than filler bytes.
 *
 * @example
 * bigBody().length === BIG_BYTES; // true
 */
export function bigBody() {
  const tail = ',"pad":"';
  const end = '"}';
  const parts = [];
  let size = '{"items":['.length + ']'.length + tail.length + end.length;
  for (let id = 1; ; id++) {
    const item = JSON.stringify(user(id, `User ${id}`, `user${id}`, `user${id}@example.com`, 'Gwenborough'));
    if (size + item.length + 1 > BIG_BYTES) break;
    size += item.length + (parts.length > 0 ? 1 : 0);
    parts.push(item);
  }
  return Buffer.from(`{"items":[${parts.join(',')}]${tail}${'x'.repeat(BIG_BYTES - size)}${end}`);
}
