import { parseOrThrow } from '../../errors/zod.js';
import type { Provider } from '../../schemas/common.js';
import { type ProviderAccount, providerAccountSchema, putProviderAccountInputSchema } from '../../schemas/provider.js';
import type { Row } from '../driver.js';
import { rowParser } from '../entity.js';
import type { RepositoryContext } from './context.js';

/** The tenant's own provider accounts, one per provider; secrets arrive sealed and leave sealed. */
export function providerAccountsRepository({ tenantId, session, now }: RepositoryContext) {
  const fromRow = rowParser(providerAccountSchema, 'provider account');
  const byProvider = (provider: string) => [{ field: 'provider', value: provider }];
  return {
    async put(input: unknown): Promise<ProviderAccount> {
      const values = parseOrThrow(putProviderAccountInputSchema, input, 'provider account');
      const existing = await session.findOne('providerAccounts', byProvider(values.provider));
      const timestamp = now();
      const account: ProviderAccount = {
        ...values,
        tenantId,
        createdAt: existing ? String(existing.createdAt) : timestamp,
        updatedAt: timestamp,
      };
      if (existing) await session.update('providerAccounts', byProvider(values.provider), account as Row);
      else await session.insert('providerAccounts', account as Row);
      return account;
    },
    async get(provider: Provider): Promise<ProviderAccount | null> {
      const row = await session.findOne('providerAccounts', byProvider(provider));
      return row ? fromRow(row) : null;
    },
    async remove(provider: Provider): Promise<boolean> {
      return (await session.delete('providerAccounts', byProvider(provider))) > 0;
    },
  };
}
export type ProviderAccountsRepository = ReturnType<typeof providerAccountsRepository>;
