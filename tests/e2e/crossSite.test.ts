import type { Page, Response } from 'playwright-core';
import { io } from 'socket.io-client';
import { api, registerUser } from '../helpers/hub';
import { eventually } from '../helpers/eventually';
import { connectDoc } from '../helpers/yjsClient';
import { insertAtStartFrame, syncStep1Frame } from '../helpers/yjsFrames';
import * as Y from 'yjs';
import { escapeHtml, startOtherSite, type OtherSite } from './otherSite';
import { shot, startE2E, uniqueName, type E2E } from './browserHarness';
import { NetworkLog } from './networkLog';

jest.setTimeout(180_000);

/** What a page learnt from a WebSocket it opened: whether it opened, what it received, how it ended. */
interface SocketOutcome {
  opened: boolean;
  frames: string[];
  error: boolean;
  close: { code: number; reason: string } | null;
}

/**
 * Runs in a page: opens a y-websocket connection, and once open asks for the whole document (sync step 1)
 * and sends an edit. Resolves when the socket closes, or as soon as it received anything (a leak).
 */
function yjsAttempt({ url, step1, update }: { url: string; step1: number[]; update: number[] }): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const out: SocketOutcome = { opened: false, frames: [], error: false, close: null };
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      out.opened = true;
      ws.send(new Uint8Array(step1));
      ws.send(new Uint8Array(update));
    };
    ws.onmessage = (e) => {
      out.frames.push(Array.from(new Uint8Array(e.data as ArrayBuffer)).join(','));
      // The server answers step 1 with step 2 (the document): that frame is what a reader gets.
      if (out.frames.length >= 2) {
        ws.close();
        resolve(out);
      }
    };
    ws.onerror = () => (out.error = true);
    ws.onclose = (e) => {
      out.close = { code: e.code, reason: e.reason };
      resolve(out);
    };
  });
}

/**
 * Runs in a page: speaks Engine.IO v4 / Socket.io v5 over a raw WebSocket. On the open packet it connects the
 * main namespace (`40`); if that is granted it sends `message:send` with an ack and resolves on the ack; if it
 * is refused (`44`) it sends the message anyway, then asks to connect once more, and resolves on whichever
 * comes first: the second refusal, or the server closing the connection over the event for a namespace it is
 * not connected to. Packets on one connection are handled in order, so either way the message was dealt with.
 */
function socketIoAttempt({ url, send }: { url: string; send: { roomId: string; body: string; clientId: string } }): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const out: SocketOutcome = { opened: false, frames: [], error: false, close: null };
    const ws = new WebSocket(url);
    let refusals = 0;
    const done = () => {
      ws.close();
      resolve(out);
    };
    ws.onopen = () => (out.opened = true);
    ws.onmessage = (e) => {
      const frame = String(e.data);
      out.frames.push(frame);
      if (frame.startsWith('2')) return ws.send('3'); // ping -> pong
      if (frame.startsWith('0')) return ws.send('40');
      if (frame.startsWith('40')) return ws.send(`420${JSON.stringify(['message:send', send])}`);
      if (frame.startsWith('430')) return done();
      if (frame.startsWith('44')) {
        refusals += 1;
        if (refusals === 1) {
          ws.send(`420${JSON.stringify(['message:send', send])}`);
          ws.send('40');
        } else done();
      }
    };
    ws.onerror = () => (out.error = true);
    ws.onclose = (e) => {
      out.close = { code: e.code, reason: e.reason };
      resolve(out);
    };
  });
}

type FormKind = 'text/plain' | 'application/x-www-form-urlencoded' | 'multipart/form-data' | 'no fields';
const FORM_KINDS: FormKind[] = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'no fields'];

/**
 * A page that, as it loads, submits one plain HTML form per target into its own iframe. The text/plain form
 * carries the classic JSON-shaped field (`{"label":"forged","x":"=..."}`).
 */
function formsPage(targets: string[], kind: FormKind, head = ''): string {
  const field =
    kind === 'no fields'
      ? ''
      : kind === 'text/plain'
        ? `<input type="hidden" name="${escapeHtml('{"label":"forged","x":"')}" value="${escapeHtml('"}')}">`
        : '<input type="hidden" name="label" value="forged">';
  const enctype = kind === 'no fields' ? '' : ` enctype="${kind}"`;
  const forms = targets
    .map((action, i) => `<iframe name="f${i}"></iframe><form method="POST" action="${escapeHtml(action)}"${enctype} target="f${i}">${field}</form>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8">${head}<title>free GPU hours</title></head><body>
<h1>Claim your free GPU hours</h1>
${forms}
<script>for (const form of document.forms) form.submit();</script>
</body></html>`;
}

/** Starts waiting for the POST response to each URL (frames included), in the order given. */
function postResponses(page: Page, urls: string[]): Promise<Response[]> {
  return Promise.all(urls.map((url) => page.waitForResponse((r) => r.url() === url && r.request().method() === 'POST', { timeout: 30_000 })));
}

describe('a page of another site on the same host cannot act for the signed-in user (real Chromium)', () => {
  let e2e: E2E;
  let site: OtherSite;
  let page: Page;
  let net: NetworkLog;
  let hubUrl: string;
  let wsUrl: string;
  let victim: { token: string; user: { id: string; username: string } };
  let ownerToken: string;
  let publicRoomId: string;
  let victimRoomId: string;
  let notebook: { id: string; docName: string };
  let firstVersionId: string;
  let notebookState: Uint8Array;
  const SECRET = 'Secret plan: ship on Friday.';
  const LATER = ' Budget 40k.';

  const bearer = () => ({ token: victim.token });
  const exportMd = async () => {
    const res = await api(e2e.hub, 'GET', `/api/notebooks/${notebook.id}/export?format=md`, bearer());
    expect(res.status).toBe(200);
    return res.body as string;
  };
  const versionIds = async () => {
    const res = await api(e2e.hub, 'GET', `/api/notebooks/${notebook.id}/versions`, bearer());
    expect(res.status).toBe(200);
    return (res.body.versions as Array<{ id: string }>).map((v) => v.id);
  };
  const roleIn = async (roomId: string) => {
    const res = await api(e2e.hub, 'GET', `/api/rooms/${roomId}`, bearer());
    expect(res.status).toBe(200);
    return res.body.role as string | null;
  };
  const messagesIn = async (roomId: string) => {
    const res = await api(e2e.hub, 'GET', `/api/rooms/${roomId}/messages`, bearer());
    expect(res.status).toBe(200);
    return (res.body.messages as Array<{ body: string }>).map((m) => m.body);
  };
  /** Everything a forged request could have changed, read through the API as the victim. */
  const snapshot = async () => ({
    publicRoomRole: await roleIn(publicRoomId),
    versions: await versionIds(),
    markdown: await exportMd(),
    me: (await api(e2e.hub, 'GET', '/api/me', bearer())).status,
    cookie: (await page.context().cookies(hubUrl)).find((c) => c.name === 'cohort_session')?.value,
  });

  beforeAll(async () => {
    e2e = await startE2E();
    hubUrl = e2e.hub.url;
    wsUrl = hubUrl.replace(/^http/, 'ws');
    site = await startOtherSite();
    expect(new URL(site.origin).hostname).toBe(new URL(hubUrl).hostname);
    expect(site.origin).not.toBe(hubUrl);

    // The victim signs up from a page of the hub, so the browser holds the session cookie.
    page = (await e2e.newUser()).page;
    net = await NetworkLog.of(page);
    await page.goto('/signin');
    const username = uniqueName('victim');
    victim = await page.evaluate(async (name) => {
      const res = await fetch('/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: name, password: 'correct horse battery', displayName: 'Victim' }),
      });
      if (res.status !== 201) throw new Error(`register answered ${res.status}`);
      return res.json();
    }, username);
    const cookie = (await page.context().cookies(hubUrl)).find((c) => c.name === 'cohort_session');
    expect(cookie?.value).toBe(victim.token);
    expect(cookie?.sameSite).toBe('Lax');

    // Someone else's public room the victim has not joined; the victim's own room.
    ownerToken = (await registerUser(e2e.hub)).token;
    const pub = await api(e2e.hub, 'POST', '/api/rooms', { token: ownerToken, body: { name: 'Open GPU pool', topic: 'public', visibility: 'public' } });
    expect(pub.status).toBe(201);
    publicRoomId = pub.body.id;
    const own = await api(e2e.hub, 'POST', '/api/rooms', { token: victim.token, body: { name: 'Victim room', topic: 'mine', visibility: 'private' } });
    expect(own.status).toBe(201);
    victimRoomId = own.body.id;
    expect(await roleIn(publicRoomId)).toBeNull();

    // A private notebook with a first version, then more text (so a restore would change it).
    const nb = await api(e2e.hub, 'POST', '/api/notebooks', { token: victim.token, body: { title: 'Private plans' } });
    expect(nb.status).toBe(201);
    notebook = nb.body;
    const doc = await connectDoc(e2e.hub, victim.token, notebook.docName);
    doc.source().insert(0, SECRET);
    await eventually(async () => ((await exportMd()).includes(SECRET) ? true : undefined), 'the secret to be stored', 30_000);
    const v1 = await api(e2e.hub, 'POST', `/api/notebooks/${notebook.id}/versions`, { token: victim.token, body: { label: 'v1' } });
    expect(v1.status).toBe(201);
    firstVersionId = v1.body.id;
    doc.source().insert(doc.source().length, LATER);
    await eventually(async () => ((await exportMd()).includes(SECRET + LATER) ? true : undefined), 'the later text to be stored', 30_000);
    notebookState = Y.encodeStateAsUpdate(doc.doc);
    doc.destroy();
  });

  afterAll(async () => {
    await net?.detach();
    await site?.close();
    await e2e?.close();
  });

  test('/yjs: a socket to the private notebook from the other site never opens, reads nothing, writes nothing', async () => {
    const before = await exportMd();
    await page.goto(site.page('/yjs.html', '<!doctype html><title>notes</title><p>hi</p>'));
    const url = `${wsUrl}/yjs/${notebook.docName}`;
    const handshake = net.answered((r) => r.url === url);
    const outcome = await page.evaluate(yjsAttempt, { url, step1: syncStep1Frame(), update: insertAtStartFrame(notebookState, 'PWNED from another site. ') });
    expect(outcome).toEqual({ opened: false, frames: [], error: true, close: expect.objectContaining({ code: 1006 }) });
    // The upgrade went out with the victim's cookie from the other origin, and the hub answered it 403.
    // The upgrade went out from the other origin and the hub answered it 403.
    const refused = await handshake;
    expect(refused.sent.origin).toBe(site.origin);
    expect(refused.status).toBe(403);
    // DevTools does not show a WebSocket handshake's cookies; a socket the same page opens to its own site
    // shows that Chromium attaches the hub's cookie to it (cookies are per host, not per port).
    await page.evaluate((u) => new Promise((resolve) => Object.assign(new WebSocket(u), { onclose: resolve })), `${site.origin.replace(/^http/, 'ws')}/probe`);
    expect(site.upgrades.find((u) => u.path === '/probe')).toEqual({ path: '/probe', cookie: `cohort_session=${victim.token}`, origin: site.origin });
    expect(await exportMd()).toBe(before);
    expect(before).toContain(SECRET + LATER);
  });

  test('/socket.io over a WebSocket: the namespace connect is refused with forbidden_origin, and a message sent anyway is not posted', async () => {
    await page.goto(site.page('/chat.html', '<!doctype html><title>chat</title><p>hi</p>'));
    const send = { roomId: victimRoomId, body: 'posted by another site', clientId: 'forged-1' };
    const outcome = await page.evaluate(socketIoAttempt, { url: `${wsUrl}/socket.io/?EIO=4&transport=websocket`, send });
    expect(outcome.opened).toBe(true); // the Engine.IO transport itself is not the gate
    expect(outcome.frames[0]).toMatch(/^0\{/);
    const refusals = outcome.frames.filter((f) => f.startsWith('44'));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    for (const r of refusals) expect(JSON.parse(r.slice(2)).message).toBe('forbidden_origin');
    // Socket.io drops the whole connection over the event sent to a namespace it never connected.
    expect(refusals.length === 2 || outcome.close !== null).toBe(true);
    expect(outcome.frames.some((f) => f.startsWith('40') || f.startsWith('43'))).toBe(false);
    expect(await messagesIn(victimRoomId)).toEqual([]);
  });

  test('/socket.io over polling: the other site cannot read the handshake in the browser; with its Origin the connect is refused', async () => {
    await page.goto(site.page('/poll.html', '<!doctype html><title>poll</title><p>hi</p>'));
    const url = `${hubUrl}/socket.io/?EIO=4&transport=polling&t=forged`;
    const handshake = net.answered((r) => r.url === url);
    const read = await page.evaluate(async (u) => {
      try {
        const res = await fetch(u, { credentials: 'include' });
        return { read: await res.text() };
      } catch (err) {
        return { blocked: String(err) };
      }
    }, url);
    // The request went out with the victim's cookie and the other site's Origin, but CORS hides the answer
    // (and with it the sid the next packets would need).
    expect(read).toEqual({ blocked: expect.stringContaining('TypeError') });
    const request = await handshake;
    expect(request.sent.cookie).toContain(`cohort_session=${victim.token}`);
    expect(request.sent.origin).toBe(site.origin);
    expect(request.status).toBe(200); // the Engine.IO handshake itself is answered...
    expect(request.outcome).toBe('net::ERR_FAILED'); // ...but the CORS check keeps it from the page
    const direct = await fetch(url, { headers: { origin: site.origin, cookie: `cohort_session=${victim.token}` } });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    expect(direct.headers.get('access-control-allow-credentials')).toBeNull();

    // The namespace connect over polling, as a client that could read it would do it.
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(hubUrl, { path: '/socket.io', transports: ['polling'], extraHeaders: { cookie: `cohort_session=${victim.token}`, origin }, reconnection: false, forceNew: true });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', (err) => {
          socket.close();
          resolve(err.message);
        });
      });
    expect(await connect(site.origin)).toBe('forbidden_origin');
    expect(await connect(hubUrl)).toBe('connected');
  });

  const endpoints = () => [
    `${hubUrl}/api/rooms/${publicRoomId}/join`,
    `${hubUrl}/api/notebooks/${notebook.id}/versions`,
    `${hubUrl}/api/notebooks/${notebook.id}/versions/${firstVersionId}/restore`,
    `${hubUrl}/api/auth/logout`,
  ];

  test.each(FORM_KINDS)('a %s form auto-submitted by the other site to each body-less endpoint answers 403 forbidden_origin and changes nothing', async (kind) => {
    const before = await snapshot();
    expect(before.publicRoomRole).toBeNull();
    expect(before.me).toBe(200);
    expect(before.cookie).toBe(victim.token);

    const urls = endpoints();
    const responses = postResponses(page, urls);
    await page.goto(site.page(`/forms-${kind.replace(/\W+/g, '-')}.html`, formsPage(urls, kind)));
    for (const res of await responses) {
      const sent = await res.request().allHeaders();
      // The forged request did carry the victim's cookie (same site), from the other origin.
      expect(sent.cookie).toContain(`cohort_session=${victim.token}`);
      expect(sent.origin).toBe(site.origin);
      if (kind !== 'no fields') expect(sent['content-type']).toContain(kind);
      expect([res.url(), res.status()]).toEqual([res.url(), 403]);
      const body = await res.text().catch(() => null);
      if (body !== null) expect(JSON.parse(body).error.code).toBe('forbidden_origin');
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a form from a page that sends no referrer (Origin: null) and a no-cors fetch are refused the same way', async () => {
    const before = await snapshot();
    const urls = endpoints();
    const responses = postResponses(page, urls);
    await page.goto(site.page('/forms-no-referrer.html', formsPage(urls, 'text/plain', '<meta name="referrer" content="no-referrer">')));
    for (const res of await responses) {
      const sent = await res.request().allHeaders();
      expect(sent.cookie).toContain(`cohort_session=${victim.token}`);
      expect(sent.referer).toBeUndefined();
      expect(sent.origin).toBe('null');
      expect(res.status()).toBe(403);
    }
    expect(await snapshot()).toEqual(before);

    // A no-cors fetch never shows the page the answer (and helmet's Cross-Origin-Resource-Policy makes it
    // fail outright), so the browser's network log is where the 403 is read.
    await page.goto(site.page('/fetch.html', '<!doctype html><title>fetch</title><p>hi</p>'));
    const fetchUrls = urls.map((url) => `${url}?via=no-cors-fetch`);
    const fetched = Promise.all(fetchUrls.map((url) => net.answered((r) => r.url === url && r.method === 'POST')));
    const outcomes = await page.evaluate(async (targets) => {
      const seen: string[] = [];
      for (const url of targets) {
        await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"label":"forged"}' }).then(
          (r) => seen.push(`opaque ${r.type}`),
          (err: unknown) => seen.push(`failed ${String(err)}`),
        );
      }
      return seen;
    }, fetchUrls);
    expect(outcomes).toHaveLength(urls.length);
    for (const request of await fetched) {
      expect(request.sent.origin).toBe(site.origin);
      expect(request.sent.cookie).toContain(`cohort_session=${victim.token}`);
      expect(request.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
    await shot(page, 'cross-site-forms');
  });

  test('from the hub’s own origin the same things work: forms join, version and restore; the Yjs socket syncs and writes; Socket.io connects and posts', async () => {
    await page.goto('/notebooks');
    await page.getByTestId('sign-out').waitFor();
    const before = await snapshot();
    const [join, version, restore] = endpoints();

    // The same plain text/plain forms, submitted by a page of the hub.
    const responses = postResponses(page, [join!, version!, restore!]);
    await page.evaluate((targets) => {
      targets.forEach((action, i) => {
        const frame = document.createElement('iframe');
        frame.name = `own${i}`;
        document.body.append(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = action;
        form.enctype = 'text/plain';
        form.target = frame.name;
        document.body.append(form);
        form.submit();
      });
    }, [join!, version!, restore!]);
    const [joined, versioned, restored] = await responses;
    expect(joined!.status()).toBe(201);
    expect(versioned!.status()).toBe(201);
    expect(restored!.status()).toBe(200);
    expect(await roleIn(publicRoomId)).toBe('member');
    const after = await versionIds();
    // One made by the form, one kept by the restore ("Before restoring ...").
    expect(after.length).toBe(before.versions.length + 2);
    // The restore went back to v1: the later text is gone (the document converges on it at once).
    await eventually(async () => ((await exportMd()).includes(SECRET) && !(await exportMd()).includes(LATER) ? true : undefined), 'the restore to show in the export', 30_000);

    // The Yjs socket: it opens, answers with the document, and takes the write.
    const current = await connectDoc(e2e.hub, victim.token, notebook.docName);
    const state = Y.encodeStateAsUpdate(current.doc);
    current.destroy();
    const yjs = await page.evaluate(yjsAttempt, { url: `${wsUrl}/yjs/${notebook.docName}`, step1: syncStep1Frame(), update: insertAtStartFrame(state, 'Written from the hub. ') });
    expect(yjs.opened).toBe(true);
    expect(yjs.frames.length).toBeGreaterThanOrEqual(2);
    await eventually(async () => ((await exportMd()).includes('Written from the hub. ' + SECRET) ? true : undefined), 'the same-origin edit to be stored', 30_000);

    // Socket.io: the namespace connects and a message is posted.
    const send = { roomId: victimRoomId, body: 'posted from the hub', clientId: 'own-1' };
    const chat = await page.evaluate(socketIoAttempt, { url: `${wsUrl}/socket.io/?EIO=4&transport=websocket`, send });
    expect(chat.frames.some((f) => f.startsWith('40{'))).toBe(true);
    const ack = chat.frames.find((f) => f.startsWith('430'));
    expect(ack).toBeDefined();
    expect(JSON.parse(ack!.slice(3))[0].message.body).toBe('posted from the hub');
    expect(await messagesIn(victimRoomId)).toEqual(['posted from the hub']);
    await shot(page, 'cross-site-own-origin');
  });

  test('from the hub’s own origin a logout form ends the session', async () => {
    await page.goto('/');
    await page.getByTestId('sign-out').waitFor();
    const [, , , logout] = endpoints();
    const response = postResponses(page, [logout!]);
    await page.evaluate((action) => {
      const frame = document.createElement('iframe');
      frame.name = 'own-logout';
      document.body.append(frame);
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      form.target = frame.name;
      document.body.append(form);
      form.submit();
    }, logout!);
    expect((await response)[0]!.status()).toBe(204);
    expect((await api(e2e.hub, 'GET', '/api/me', bearer())).status).toBe(401);
    await eventually(async () => ((await page.context().cookies(hubUrl)).some((c) => c.name === 'cohort_session') ? undefined : true), 'the cookie to be cleared', 10_000);
  });
});
