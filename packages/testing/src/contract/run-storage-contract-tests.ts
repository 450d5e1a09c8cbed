import { describe } from 'vitest';
import { checkSuiteOptions, type StorageSuiteOptions } from '../options.js';
import { defineAppointmentTests } from './appointments.js';
import { defineAuditTests } from './audit.js';
import { defineCallTests } from './calls.js';
import { useFreshStorage } from './context.js';
import { defineConversationTests } from './conversations.js';
import { defineIntentTests } from './intents.js';
import { defineMemberTests } from './members.js';
import { defineMessageStatusTests } from './message-status.js';
import { definePaginationTests } from './pagination.js';
import { definePhoneNumberTests } from './phone-numbers.js';
import { definePluginModelTests } from './plugin-models.js';
import { defineRollbackTests } from './rollback.js';
import { defineRoutingTests } from './routing.js';
import { defineScopeTests } from './scopes.js';
import { defineSettingsTests } from './settings.js';
import { defineTenantTests } from './tenants.js';
import { defineUserTests } from './users.js';
import { defineValidationTests } from './validation.js';

/**
 * The storage port's documented behaviour, as one Vitest suite. Every adapter runs it from its own test file;
 * each test gets a fresh storage from `createStorage`.
 *
 * @example
 * runStorageContractTests({ name: 'sqlite', createStorage: async () => { const s = createSqliteStorage({ mode: 'shared', filename: ':memory:' }); await s.migrate(); return s; } });
 */
export function runStorageContractTests(options: StorageSuiteOptions): void {
  checkSuiteOptions('runStorageContractTests', options);
  describe(`${options.name}: storage contract`, () => {
    const context = useFreshStorage(options.createStorage);
    defineTenantTests(context);
    defineScopeTests(context);
    defineRollbackTests(context);
    defineCallTests(context);
    defineIntentTests(context);
    defineAppointmentTests(context);
    defineConversationTests(context);
    defineMessageStatusTests(context);
    defineMemberTests(context);
    definePhoneNumberTests(context);
    defineSettingsTests(context);
    defineAuditTests(context);
    definePaginationTests(context);
    defineValidationTests(context);
    defineRoutingTests(context);
    definePluginModelTests(context);
    defineUserTests(context);
  });
}
