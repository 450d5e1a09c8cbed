import { parseOrThrow } from '../../errors/zod.js';
import { createIntentInputSchema, type Intent, intentSchema, updateIntentInputSchema } from '../../schemas/intent.js';
import type { Row } from '../driver.js';
import { entityOperations } from '../entity.js';
import { createId } from '../ids.js';
import { conflictAs } from './conflict.js';
import type { RepositoryContext } from './context.js';

export function intentsRepository({ tenantId, session, now }: RepositoryContext) {
  const ops = entityOperations({
    session,
    model: 'intents',
    schema: intentSchema,
    what: 'intent',
    updateSchema: updateIntentInputSchema,
    now,
  });
  return {
    get: ops.get,
    list: ops.list,
    delete: ops.delete,
    update(id: string, patch: unknown): Promise<Intent> {
      return conflictAs(ops.update(id, patch), 'Another intent of this tenant already has that name.');
    },
    async create(input: unknown): Promise<Intent> {
      const values = parseOrThrow(createIntentInputSchema, input, 'intent');
      const timestamp = now();
      const intent: Intent = { ...values, id: createId('int'), tenantId, createdAt: timestamp, updatedAt: timestamp };
      await conflictAs(session.insert('intents', intent as Row), `An intent named "${intent.name}" already exists.`);
      return intent;
    },
    /** Every intent, oldest first: what a voice assistant is built from. */
    async all(): Promise<Intent[]> {
      const rows = await session.findMany('intents', {
        orderBy: [
          { field: 'createdAt', direction: 'asc' },
          { field: 'id', direction: 'asc' },
        ],
      });
      return rows.map(ops.fromRow);
    },
  };
}
export type IntentsRepository = ReturnType<typeof intentsRepository>;
