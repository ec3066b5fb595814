import { Schema, type Connection, type Model } from 'mongoose';
import { idField, schemaOptions, type SchemaPaths } from './schemaOptions';

/** A named sequence; `seq` is the last value handed out, so values are never reused. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

export type CounterModel = Model<CounterDoc>;

export function counterModel(connection: Connection): CounterModel {
  const schema = new Schema<CounterDoc>({ _id: idField, seq: { type: Number, required: true } } satisfies SchemaPaths<CounterDoc>, schemaOptions);
  return connection.model<CounterDoc>('Counter', schema, 'counters');
}
