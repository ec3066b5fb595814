import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send } from '../helpers/chat';
import { api, registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { connectSocket } from '../helpers/socketClient';
import { sharedStores, startCluster, type Cluster } from './scaleCluster';

describeWithRedis('notifications across hub processes sharing Redis', (redisUrl) => {
  describe.each(sharedStores())('store: %s', (store) => {
    let cluster: Cluster;
    const sockets: Socket[] = [];
    const open = (s: Socket) => (sockets.push(s), s);

    beforeAll(async () => {
      cluster = await startCluster(redisUrl, store, 2);
    });
    afterEach(() => sockets.splice(0).forEach((s) => s.close()));
    afterAll(async () => cluster?.destroy());

    test('a mention made on one process reaches every tab of the user, on both processes, once each', async () => {
      const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
      const ada = await registerUser(p1);
      const bo = await registerUser(p2);
      const room = await createRoom(p1, ada, 'private', 'Across');
      expect((await api(p1, 'POST', `/api/rooms/${room.id}/members`, { token: ada.token, body: { userId: bo.user.id } })).status).toBe(201);
      // Bo has a tab on each process, in no live room.
      const tabs = [open(await connectSocket(p1, { token: bo.token })), open(await connectSocket(p2, { token: bo.token }))];
      const heard = tabs.map((s) => record(s, 'notification:new'));
      const adaSocket = open(await joinedSocket(p1, ada, room.id));
      const message = await send(adaSocket, room.id, `@${bo.user.username} across processes`);
      await eventually(() => heard.every((list) => list.some((e) => e.notification.kind === 'mention')), 'the mention on both tabs', 20_000);
      await new Promise((r) => setTimeout(r, 500));
      for (const list of heard) {
        const mentions = list.filter((e) => e.notification.kind === 'mention');
        expect(mentions).toHaveLength(1);
        expect(mentions[0].notification.textCode.params.messageId).toBe(message.id);
      }
      const page = await api(p2, 'GET', '/api/notifications', { token: bo.token });
      expect(page.body.notifications.map((n: { kind: string }) => n.kind)).toEqual(['mention', 'invite']);
      expect(page.body.unread).toBe(2);
    });
  });
});
