-- Distributing Nuvatra's shared schema with Citus, once `storage.migrate()` has created the tables.
-- Run as the tables' owner on the coordinator, in the schema Nuvatra uses (here: public). Not run by the adapter and
-- not tested in this repository (no Citus server here): try it on a staging cluster first.
--
-- Tenant data is distributed by tenant_id, every table colocated with `calls`, so one tenant's statements (which
-- always filter on tenant_id, in the driver and again in the RLS policy) route to one shard group, and the
-- messages -> conversations foreign key, which includes tenant_id, stays within it.
-- The registry and routing tables are small and read across tenants: they become reference tables, copied to
-- every node. phone_numbers and tenant_members are tenant-owned but are routing tables too: phone_numbers keeps a
-- UNIQUE (e164, kind) across tenants, which a distributed table cannot enforce (its unique keys must include the
-- distribution column), so both are reference tables and keep their row-level security.
-- Check that your Citus version propagates ALTER TABLE ... ROW LEVEL SECURITY and CREATE POLICY to the shards
-- (the checks in test/rls.test.ts, run against the cluster, show it).

BEGIN;

-- Reference tables first: distributed tables may reference them, not the other way round.
SELECT create_reference_table('tenants');
SELECT create_reference_table('tenant_external_ids');
SELECT create_reference_table('shared_numbers');
SELECT create_reference_table('global_prompt_bundle');
SELECT create_reference_table('unrouted_events');
SELECT create_reference_table('users');
SELECT create_reference_table('global_webhook_receipts');
SELECT create_reference_table('tenant_members');
SELECT create_reference_table('phone_numbers');

-- Tenant data, distributed by tenant_id in one colocation group.
SELECT create_distributed_table('calls', 'tenant_id');
SELECT create_distributed_table('tenant_configs', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('intents', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('prompt_bundles', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('conversations', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('messages', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('appointments', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('audit_events', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('webhook_receipts', 'tenant_id', colocate_with => 'calls');
SELECT create_distributed_table('provider_accounts', 'tenant_id', colocate_with => 'calls');

-- A plugin's tables (tenant_id leads their key) join the same group, e.g.:
-- SELECT create_distributed_table('plugin_contract_notes', 'tenant_id', colocate_with => 'calls');

COMMIT;
