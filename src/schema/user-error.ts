import { builder } from './builder.ts';
import { enumValues } from './enums.ts';

export const UserErrorCode = builder.enumType('UserErrorCode', {
  description: 'Why a mutation changed nothing, in terms the caller can act on.',
  values: enumValues([
    ['THREAD_NOT_FOUND', 'HubSpot has no such thread (or it was permanently deleted).'],
    ['THREAD_ARCHIVED', 'The thread is archived: restore it first.'],
    ['INVALID_ACTOR', 'The actor id is not a HubSpot user who can act on this thread.'],
    [
      'INVALID_INPUT',
      'An input value HubSpot would refuse (empty text, bad id, unknown channel, no recipient).',
    ],
    ['IDEMPOTENCY_KEY_REUSED', 'The same idempotencyKey was used with different input.'],
  ]),
});

export type UserErrorCodeName = typeof UserErrorCode.$inferType;

/** One problem the caller can fix. */
export interface UserErrorShape {
  code: UserErrorCodeName;
  message: string;
  /** Path of the input field at fault, e.g. ["input", "actorId"]. */
  field: string[] | null;
}

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'A problem the caller can fix; the mutation changed nothing.',
  fields: (t) => ({
    code: t.expose('code', {
      type: UserErrorCode,
      description: 'What is wrong.',
    }),
    message: t.exposeString('message', { description: 'What is wrong and how to fix it, for a developer.' }),
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'Path of the input field at fault, e.g. ["input", "actorId"].',
    }),
  }),
});

export function userError(code: UserErrorCodeName, message: string, field?: string[]): UserErrorShape {
  return { code, message, field: field ?? null };
}
