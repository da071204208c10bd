/**
 * Input checks of the mutations, made before any upstream call: each problem becomes a
 * `UserError` with the input field's path, so bad input costs nothing and changes nothing.
 */
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../mutations/idempotency.ts';
import type { AddThreadCommentInputShape, SendThreadMessageInputShape } from './mutation-inputs.ts';
import { userError, type UserErrorShape } from './user-error.ts';

const HUBSPOT_ID = /^\d{1,19}$/;
const INT64_MAX = 9223372036854775807n;
/** HubSpot user (agent) actor ids: the only actors that can send, or be assigned. */
const AGENT_ACTOR_ID = /^A-\d{1,19}$/;
/** Longest text / richText sent (HubSpot documents none; a 64 KiB body is already a long email). */
export const MAX_MESSAGE_TEXT_LENGTH = 65_536;
/** Email subject lines beyond this are refused by mail systems anyway (RFC 5322: 998 per line). */
export const MAX_SUBJECT_LENGTH = 998;
export const MAX_RECIPIENTS = 100;
export const MAX_FILE_IDS = 20;
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const isHubSpotId = (value: string) => HUBSPOT_ID.test(value) && BigInt(value) <= INT64_MAX;

export function checkThreadId(threadId: string, errors: UserErrorShape[]): void {
  if (!isHubSpotId(threadId)) {
    errors.push(
      userError(
        'INVALID_INPUT',
        `\`threadId\` must be a HubSpot thread id: a decimal number of 1 to 19 digits (got ${JSON.stringify(threadId.slice(0, 40))}).`,
        ['input', 'threadId'],
      ),
    );
  }
}

export function checkAgentActorId(actorId: string, field: string, errors: UserErrorShape[]): void {
  if (!AGENT_ACTOR_ID.test(actorId)) {
    errors.push(
      userError(
        'INVALID_ACTOR',
        `\`${field}\` must be the actor id of a HubSpot user: "A-" and the user id, e.g. "A-2620022" (got ${JSON.stringify(actorId.slice(0, 40))}).`,
        ['input', field],
      ),
    );
  }
}

function checkText(
  input: { text: string; richText?: string | null },
  errors: UserErrorShape[],
): void {
  if (input.text.trim() === '') {
    errors.push(userError('INVALID_INPUT', '`text` must not be empty.', ['input', 'text']));
  } else if (input.text.length > MAX_MESSAGE_TEXT_LENGTH) {
    errors.push(
      userError(
        'INVALID_INPUT',
        `\`text\` is limited to ${MAX_MESSAGE_TEXT_LENGTH} characters (got ${input.text.length}).`,
        ['input', 'text'],
      ),
    );
  }
  if (input.richText != null && input.richText.length > MAX_MESSAGE_TEXT_LENGTH) {
    errors.push(
      userError(
        'INVALID_INPUT',
        `\`richText\` is limited to ${MAX_MESSAGE_TEXT_LENGTH} characters (got ${input.richText.length}).`,
        ['input', 'richText'],
      ),
    );
  }
}

function checkFileIds(fileIds: readonly string[] | null | undefined, errors: UserErrorShape[]) {
  if (!fileIds) return;
  if (fileIds.length > MAX_FILE_IDS) {
    errors.push(
      userError('INVALID_INPUT', `At most ${MAX_FILE_IDS} files per message.`, ['input', 'fileIds']),
    );
    return;
  }
  fileIds.forEach((id, i) => {
    if (!isHubSpotId(id)) {
      errors.push(
        userError('INVALID_INPUT', '`fileIds` are HubSpot file ids (decimal digits).', [
          'input',
          'fileIds',
          String(i),
        ]),
      );
    }
  });
}

function checkIdempotencyKey(key: string | null | undefined, errors: UserErrorShape[]): void {
  if (key == null) return;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    errors.push(
      userError(
        'INVALID_INPUT',
        `\`idempotencyKey\` must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, e.g. a UUID.`,
        ['input', 'idempotencyKey'],
      ),
    );
  }
}

export function checkSendInput(input: SendThreadMessageInputShape): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  checkThreadId(input.threadId, errors);
  checkText(input, errors);
  checkAgentActorId(input.senderActorId, 'senderActorId', errors);
  for (const name of ['channelId', 'channelAccountId'] as const) {
    const value = input[name];
    if (value != null && !isHubSpotId(value)) {
      errors.push(
        userError('INVALID_INPUT', `\`${name}\` must be a HubSpot id (decimal digits).`, [
          'input',
          name,
        ]),
      );
    }
  }
  if (input.subject != null && input.subject.length > MAX_SUBJECT_LENGTH) {
    errors.push(
      userError('INVALID_INPUT', `\`subject\` is limited to ${MAX_SUBJECT_LENGTH} characters.`, [
        'input',
        'subject',
      ]),
    );
  }
  if (input.recipients != null) {
    if (input.recipients.length === 0 || input.recipients.length > MAX_RECIPIENTS) {
      errors.push(
        userError(
          'INVALID_INPUT',
          `\`recipients\` needs 1 to ${MAX_RECIPIENTS} entries; omit it to reply to the thread’s latest incoming message.`,
          ['input', 'recipients'],
        ),
      );
    }
    input.recipients.forEach((recipient, i) => {
      const path = ['input', 'recipients', String(i), 'deliveryIdentifier', 'value'];
      const { type, value } = recipient.deliveryIdentifier;
      if ((type as string) === 'UNKNOWN') {
        errors.push(
          userError('INVALID_INPUT', 'UNKNOWN is not a delivery identifier type HubSpot accepts.', [
            'input',
            'recipients',
            String(i),
            'deliveryIdentifier',
            'type',
          ]),
        );
      } else if (value.trim() === '') {
        errors.push(userError('INVALID_INPUT', 'A delivery identifier needs a value.', path));
      } else if (type === 'HS_EMAIL_ADDRESS' && !EMAIL.test(value)) {
        errors.push(userError('INVALID_INPUT', `${JSON.stringify(value)} is not an email address.`, path));
      } else if (type === 'HS_PHONE_NUMBER' && !E164.test(value)) {
        errors.push(
          userError('INVALID_INPUT', 'Phone numbers are in E.164 form, e.g. "+14155550123".', path),
        );
      }
    });
  }
  checkFileIds(input.fileIds, errors);
  checkIdempotencyKey(input.idempotencyKey, errors);
  return errors;
}

export function checkCommentInput(input: AddThreadCommentInputShape): UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  checkThreadId(input.threadId, errors);
  checkText(input, errors);
  checkFileIds(input.fileIds, errors);
  checkIdempotencyKey(input.idempotencyKey, errors);
  return errors;
}
