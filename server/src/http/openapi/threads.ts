import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  replyCreateSchema,
  replyEditSchema,
  replyViewSchema,
  threadCreateSchema,
  threadEditSchema,
  threadListQuerySchema,
  threadPageSchema,
  threadViewSchema,
  threadWithRepliesSchema,
  voteResultSchema,
  voteSchema,
} from '@cohort/shared';
import { operationsOf } from './operation';

/** Experience threads, their replies and votes (live updates are on Socket.io). */
export function registerThreadPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'threads');
  add({
    method: 'post',
    path: '/api/threads',
    operationId: 'createThread',
    summary: 'Post a thread',
    body: threadCreateSchema,
    responses: { 201: { description: 'The thread', schema: threadViewSchema } },
  });
  add({
    method: 'get',
    path: '/api/threads',
    operationId: 'listThreads',
    summary: 'A page of live threads, or the best lexical matches of `q`',
    query: threadListQuerySchema,
    responses: { 200: { description: 'The threads; `nextCursor` is null on the last page', schema: threadPageSchema } },
  });
  add({
    method: 'get',
    path: '/api/threads/:id',
    operationId: 'getThread',
    summary: 'A thread and every reply, oldest first',
    responses: { 200: { description: 'The thread', schema: threadWithRepliesSchema } },
  });
  add({
    method: 'patch',
    path: '/api/threads/:id',
    operationId: 'editThread',
    summary: 'Edit a thread (author only)',
    body: threadEditSchema,
    responses: { 200: { description: 'The thread after the edit', schema: threadViewSchema } },
    errors: [403],
  });
  add({
    method: 'delete',
    path: '/api/threads/:id',
    operationId: 'deleteThread',
    summary: 'Delete a thread (author or moderator)',
    responses: { 204: { description: 'Deleted' } },
    errors: [403],
  });
  add({
    method: 'post',
    path: '/api/threads/:id/replies',
    operationId: 'createReply',
    summary: 'Reply to a thread',
    body: replyCreateSchema,
    responses: { 201: { description: 'The reply', schema: replyViewSchema } },
  });
  add({
    method: 'patch',
    path: '/api/threads/:id/replies/:replyId',
    operationId: 'editReply',
    summary: 'Edit a reply (author only)',
    body: replyEditSchema,
    responses: { 200: { description: 'The reply after the edit', schema: replyViewSchema } },
    errors: [403],
  });
  add({
    method: 'delete',
    path: '/api/threads/:id/replies/:replyId',
    operationId: 'deleteReply',
    summary: 'Delete a reply (author or moderator)',
    responses: { 204: { description: 'Deleted' } },
    errors: [403],
  });
  add({
    method: 'post',
    path: '/api/threads/:id/vote',
    operationId: 'voteThread',
    summary: 'Vote a thread up (1), down (-1), or take the vote back (0)',
    body: voteSchema,
    responses: { 200: { description: 'The score after the vote', schema: voteResultSchema } },
  });
}
