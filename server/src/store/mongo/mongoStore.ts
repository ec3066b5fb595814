import mongoose from 'mongoose';
import type { Store } from '../ports';
import { DocumentLocks } from './documentLocks';
import { createModels } from './models';
import { MongoDocumentStore } from './mongoDocumentStore';
import { MongoEmbeddingStore } from './mongoEmbeddingStore';
import { MongoMessageStore } from './mongoMessageStore';
import { MongoNotebookStore } from './mongoNotebookStore';
import { MongoNotificationStore } from './mongoNotificationStore';
import { MongoProfileStore } from './mongoProfileStore';
import { MongoRoomStore } from './mongoRoomStore';
import { MongoSessionStore } from './mongoSessionStore';
import { MongoThreadStore } from './mongoThreadStore';
import { MongoUserStore } from './mongoUserStore';
import { MongoVersionStore } from './mongoVersionStore';

export interface MongoStoreOptions {
  /** A MongoDB connection string (MongoDB or FerretDB). */
  uri: string;
  /** Database to use; defaults to the one named in the URI. */
  dbName?: string;
}

/**
 * Opens a store on its own mongoose connection (never the global one, so several stores can live in one
 * process) and builds every index before returning, so unique keys hold from the first write.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    autoIndex: false,
    autoCreate: false,
    // Fail start-up (and health checks) within seconds when the server is unreachable, instead of hanging.
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  const models = createModels(connection);
  const users = new MongoUserStore(models);
  try {
    for (const model of Object.values(models)) await model.createIndexes();
    await users.fillDisplayNameKeys();
  } catch (err) {
    await connection.close();
    throw err;
  }
  const locks = new DocumentLocks(`${connection.host}:${connection.port}/${connection.name}`);

  return {
    kind: 'mongo',
    users,
    sessions: new MongoSessionStore(models, locks),
    profiles: new MongoProfileStore(models, locks),
    rooms: new MongoRoomStore(models, locks),
    messages: new MongoMessageStore(models, locks),
    threads: new MongoThreadStore(models, locks),
    notebooks: new MongoNotebookStore(models, locks),
    documents: new MongoDocumentStore(models, locks),
    versions: new MongoVersionStore(models),
    embeddings: new MongoEmbeddingStore(models, locks),
    notifications: new MongoNotificationStore(models, locks),
    async ping() {
      await connection.getClient().db('admin').command({ ping: 1 });
    },
    async probeWrite() {
      await connection.collection<{ _id: string; at: string }>('health_probe').updateOne({ _id: 'probe' }, { $set: { at: new Date().toISOString() } }, { upsert: true });
    },
    async close() {
      await connection.close();
    },
  };
}

/** Drops a whole database; for tests and tooling. */
export async function dropMongoDatabase(uri: string, dbName: string): Promise<void> {
  const connection = mongoose.createConnection(uri, { dbName, autoIndex: false, autoCreate: false });
  try {
    await connection.asPromise();
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
