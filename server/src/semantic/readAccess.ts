import type { Store } from '../store/ports';
import type { ItemMeta } from './indexing/contentTexts';

/** Whether a viewer may see a discussion in results: public ones always, private rooms and notebooks to members. */
export async function canRead(store: Store, viewerId: string, meta: ItemMeta): Promise<boolean> {
  if (meta.isPublic || meta.ownerId === viewerId) return true;
  if (meta.type === 'room') return (await store.rooms.getMember(meta.id, viewerId)) !== null;
  if (meta.type === 'notebook') return (await store.notebooks.getMember(meta.id, viewerId)) !== null;
  return false;
}
