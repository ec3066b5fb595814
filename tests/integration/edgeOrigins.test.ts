import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { createRoom } from '../helpers/chat';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { closeOf, connectDoc, createNotebook, yjsBase } from '../helpers/yjsClient';

/** A second origin on the same host: same-site, so SameSite=Lax still sends the cookie from it. */
const EVIL = 'http://127.0.0.1:1';

/** Logs in and answers the Cookie header the browser would send back. */
async function cookieOf(hub: TestHub, username: string): Promise<string> {
  const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse battery' }) });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

/** What a plain HTML form can send: no preflight, the cookie attached, any of these bodies. */
const FORM_BODIES: Array<[string, Record<string, string>, string | undefined]> = [
  ['text/plain', { 'content-type': 'text/plain' }, 'a=b'],
  ['urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'label=forged'],
  ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="label"\r\n\r\nforged\r\n--x--\r\n'],
  ['no body', {}, undefined],
];

describe('origins: cross-site requests and sockets are refused, same-origin ones work', () => {
  let hub: TestHub;
  let owner: Awaited<ReturnType<typeof registerUser>>;
  let victim: Awaited<ReturnType<typeof registerUser>>;
  let victimCookie: string;
  let own: string;

  beforeAll(async () => {
    hub = await startTestHub();
    own = hub.url;
    owner = await registerUser(hub);
    victim = await registerUser(hub);
    victimCookie = await cookieOf(hub, victim.user.username);
  });
  afterAll(async () => hub?.destroy());

  const post = (path: string, headers: Record<string, string>, body?: string) => fetch(`${hub.url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });

  test.each(FORM_BODIES)('a forged %s form POST to each body-less endpoint answers 403 forbidden_origin and changes nothing', async (_kind, type, body) => {
    const room = await createRoom(hub, owner);
    const notebook = await createNotebook(hub, victim.token);
    const version = await api(hub, 'POST', `/api/notebooks/${notebook.id}/versions`, { token: victim.token, body: { label: 'v1' } });
    expect(version.status).toBe(201);
    const headers = { ...type, cookie: victimCookie, origin: EVIL };
    for (const path of [`/api/rooms/${room.id}/join`, `/api/notebooks/${notebook.id}/versions`, `/api/notebooks/${notebook.id}/versions/${version.body.id}/restore`, '/api/auth/logout']) {
      const res = await post(path, headers, body);
      expect([path, res.status]).toEqual([path, 403]);
      expect((await res.json()).error.code).toBe('forbidden_origin');
    }
    const details = await api(hub, 'GET', `/api/rooms/${room.id}`, { token: victim.token });
    expect(JSON.stringify(details.body)).not.toContain(victim.user.id);
    const versions = await api(hub, 'GET', `/api/notebooks/${notebook.id}/versions`, { token: victim.token });
    expect(versions.body.versions).toHaveLength(1);
    // Logout was refused too: the cookie still works.
    expect((await fetch(`${hub.url}/api/me`, { headers: { cookie: victimCookie } })).status).toBe(200);
  });

  test('the same body-less requests with the cookie from the hub’s own origin work', async () => {
    const room = await createRoom(hub, owner);
    const notebook = await createNotebook(hub, victim.token);
    const joined = await post(`/api/rooms/${room.id}/join`, { cookie: victimCookie, origin: own });
    expect(joined.status).toBe(201);
    const made = await post(`/api/notebooks/${notebook.id}/versions`, { cookie: victimCookie, origin: own });
    expect(made.status).toBe(201);
    const restored = await post(`/api/notebooks/${notebook.id}/versions/${(await made.json()).id}/restore`, { cookie: victimCookie, origin: own });
    expect(restored.status).toBe(200);
  });

  test('without Origin a cookie write needs an allowed Referer; bearer requests are exempt; scripts without cookie pass', async () => {
    const room = await createRoom(hub, owner);
    const refused = await post(`/api/rooms/${room.id}/join`, { cookie: victimCookie });
    expect(refused.status).toBe(403);
    expect((await post(`/api/rooms/${room.id}/join`, { cookie: victimCookie, referer: `${EVIL}/page` })).status).toBe(403);
    expect((await post(`/api/rooms/${room.id}/join`, { cookie: victimCookie, referer: `${own}/rooms` })).status).toBe(201);
    // A bearer token cannot be sent by a form, so a request carrying one is not a forgery, whatever its Origin.
    const room2 = await createRoom(hub, owner);
    expect((await api(hub, 'POST', `/api/rooms/${room2.id}/join`, { token: victim.token, headers: { origin: EVIL } })).status).toBe(201);
    // Register and login from a script (no cookie, no Origin) still work; from another site's page they do not.
    const script = await api(hub, 'POST', '/api/auth/login', { body: { username: victim.user.username, password: 'correct horse battery' } });
    expect(script.status).toBe(200);
    const forgedLogin = await api(hub, 'POST', '/api/auth/login', { body: { username: victim.user.username, password: 'correct horse battery' }, headers: { origin: EVIL } });
    expect(forgedLogin.status).toBe(403);
    expect(forgedLogin.body.error.code).toBe('forbidden_origin');
    const forgedRegister = await api(hub, 'POST', '/api/auth/register', { body: { username: 'forged-user', password: 'correct horse battery', displayName: 'F' }, headers: { origin: 'null' } });
    expect(forgedRegister.status).toBe(403);
    expect((await api(hub, 'POST', '/api/auth/login', { body: { username: 'forged-user', password: 'correct horse battery' } })).status).toBe(401);
  });

  test('/yjs refuses an upgrade from another origin with 403; same origin and no Origin connect', async () => {
    const notebook = await createNotebook(hub, victim.token);
    const url = `${yjsBase(hub)}/${notebook.docName}`;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { cookie: victimCookie, origin: EVIL } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('a cross-origin socket was opened')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
    // From the hub's own origin with the cookie the socket opens and syncs; a bearer client without Origin too.
    const opened = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(url, { headers: { cookie: victimCookie, origin: own } });
      ws.on('message', () => (ws.close(), resolve(true)));
      ws.on('close', () => resolve(false));
      ws.on('error', () => resolve(false));
    });
    expect(opened).toBe(true);
    const client = await connectDoc(hub, victim.token, notebook.docName);
    client.destroy();
  });

  test.each(['websocket', 'polling'] as const)('/socket.io over %s refuses another origin with connect_error forbidden_origin', async (transport) => {
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(hub.url, { path: '/socket.io', transports: [transport], extraHeaders: { cookie: victimCookie, origin }, reconnection: false, forceNew: true });
        socket.once('connect', () => (socket.close(), resolve('connected')));
        socket.once('connect_error', (err) => (socket.close(), resolve(err.message)));
      });
    expect(await connect(EVIL)).toBe('forbidden_origin');
    expect(await connect('null')).toBe('forbidden_origin');
    expect(await connect(own)).toBe('connected');
  });

  test('ALLOWED_ORIGINS trusts exactly the listed origins', async () => {
    const proxied = await startTestHub({ env: { ALLOWED_ORIGINS: 'https://cohort.example.org, http://localhost:5173' } });
    try {
      const user = await registerUser(proxied);
      const cookie = await cookieOf(proxied, user.user.username);
      const room = await createRoom(proxied, user);
      const join = (origin: string) => fetch(`${proxied.url}/api/rooms/${room.id}/join`, { method: 'POST', headers: { cookie, origin } });
      expect((await join('https://cohort.example.org')).status).toBe(200);
      expect((await join('http://localhost:5173')).status).toBe(200);
      // Its own host is no longer trusted by default once a list is given.
      expect((await join(proxied.url)).status).toBe(403);
      expect((await closeOrStatus(`${yjsBase(proxied)}/notebook:x`, { cookie, origin: 'https://evil.example' }))).toBe(403);
    } finally {
      await proxied.destroy();
    }
  });
});

function closeOrStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
  });
}

// The origin check sits in front of authentication; it does not replace it.
test('a same-origin socket with a bad token is still closed 4401', async () => {
  const hub = await startTestHub();
  try {
    expect((await closeOf(`${yjsBase(hub)}/notebook:x?token=nope`)).code).toBe(4401);
  } finally {
    await hub.destroy();
  }
});
