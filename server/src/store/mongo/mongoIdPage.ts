import type { FilterQuery, Model } from 'mongoose';
import { pageLimit } from '../pageLimit';

/**
 * One page of a collection's ids in id order (`afterId` exclusive), the listing background work uses to
 * see everything.
 * @throws RangeError unless `limit` is a positive integer.
 */
export async function idPage<Doc extends { _id: string }>(model: Model<Doc>, page: { afterId?: string; limit: number }): Promise<string[]> {
  const limit = pageLimit(page.limit);
  const filter = (page.afterId === undefined ? {} : { _id: { $gt: page.afterId } }) as FilterQuery<Doc>;
  const docs = await model.find(filter, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean<Array<{ _id: string }>>();
  return docs.map((d) => d._id);
}
