import { registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket } from '../helpers/socketClient';

describe('Socket.io handshake', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.destroy());

  test('a valid token connects', async () => {
    const { token } = await registerUser(hub);
    const socket = await connectSocket(hub, { token });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  test('the session cookie connects too', async () => {
    const { token } = await registerUser(hub);
    const socket = await connectSocket(hub, { cookie: `cohort_session=${token}` });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  test.each([
    ['no token', {}],
    ['a garbage token', { token: 'garbage' }],
  ])('%s is refused with unauthorized', async (_name, auth) => {
    await expect(connectSocket(hub, auth)).rejects.toMatchObject({ message: 'unauthorized', data: { code: 'unauthorized' } });
  });

  test('a revoked token is refused', async () => {
    const { token } = await registerUser(hub);
    await fetch(`${hub.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await expect(connectSocket(hub, { token })).rejects.toMatchObject({ message: 'unauthorized' });
  });
});
