import { describe, expect, it } from 'vitest';
import { toInvitedMembership, toMemberRole, toPrincipal, toTenantSlug, toUserInput } from './map.js';
import { type ClerkUser, sessionClaimsSchema, userSchema } from './schemas.js';

describe('Clerk organisation roles as member roles', () => {
  it.each([
    ['org:admin', false, 'admin'],
    ['admin', false, 'admin'],
    ['org:member', false, 'member'],
    ['basic_member', false, 'member'],
    ['org:billing_manager', false, 'member'],
    ['org:member', true, 'owner'],
    ['org:admin', true, 'owner'],
  ] as const)('%s (creator: %s) is %s', (clerkRole, isCreator, role) => {
    expect(toMemberRole(clerkRole, isCreator)).toBe(role);
  });
});

describe('session claims as a principal', () => {
  const claims = (value: Record<string, unknown>) => sessionClaimsSchema.parse({ sub: 'user_1', ...value });

  it('reads the organisation from v2 `o` and v1 `org_*`, without the `org:` prefix', () => {
    const v2 = toPrincipal(claims({ v: 2, o: { id: 'org_1', rol: 'admin', slg: 'acme' } }), new Set());
    const v1 = toPrincipal(claims({ org_id: 'org_1', org_role: 'org:admin' }), new Set());
    for (const principal of [v2, v1])
      expect(principal).toMatchObject({ organizationId: 'org_1', organizationRole: 'admin' });
  });

  it('ignores v1 organisation claims in a v2 token, and a role without an organisation', () => {
    expect(toPrincipal(claims({ v: 2, org_id: 'org_1', org_role: 'org:admin' }), new Set())).toMatchObject({
      organizationId: null,
      organizationRole: null,
    });
  });
});

describe('tenant slugs from organisations', () => {
  it.each([
    [{ slug: 'acme-physio', name: 'Acme' }, 'acme-physio'],
    [{ slug: null, name: 'Zoë’s Clinic & Spa' }, 'zoe-s-clinic-spa'],
    [{ slug: '', name: '株式会社' }, 'organization'],
    [{ slug: `${'a'.repeat(47)}--b`, name: 'x' }, 'a'.repeat(47)],
  ])('%o → %s', (organization, slug) => {
    expect(toTenantSlug(organization)).toBe(slug);
  });

  it('adds a short random suffix after a collision', () => {
    expect(toTenantSlug({ slug: 'acme', name: 'Acme' }, 1)).toMatch(/^acme-[0-9a-f]{6}$/);
  });
});

describe('Clerk users', () => {
  const user = (value: Partial<ClerkUser>) => userSchema.parse({ id: 'user_1', ...value });

  it('keep their primary email, a display name and an avatar we can store', () => {
    const input = toUserInput(
      user({
        first_name: 'Ada',
        last_name: null,
        username: 'ada',
        image_url: 'javascript:alert(1)',
        primary_email_address_id: 'idn_2',
        email_addresses: [
          { id: 'idn_1', email_address: 'old@example.org' },
          { id: 'idn_2', email_address: 'ada@example.org' },
        ],
      }),
    );
    expect(input).toEqual({ id: 'user_1', email: 'ada@example.org', name: 'Ada', imageUrl: null });
    expect(toUserInput(user({ username: 'ada' }))).toMatchObject({ email: null, name: 'ada' });
  });

  it('carry the membership an invitation promised in public metadata, never a role above it', () => {
    expect(toInvitedMembership(user({ public_metadata: { tenant_id: 'ten_1', tenant_role: 'owner' } }))).toEqual({
      tenantId: 'ten_1',
      role: 'owner',
    });
    expect(toInvitedMembership(user({ public_metadata: { tenant_id: 'ten_1', tenant_role: 'root' } }))?.role).toBe(
      'member',
    );
    expect(toInvitedMembership(user({ public_metadata: { tenant_id: '../etc' } }))).toBeNull();
    expect(toInvitedMembership(user({ public_metadata: null }))).toBeNull();
  });
});
