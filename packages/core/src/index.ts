// The public surface of @nuvatra/core. test/exports.test.ts snapshots it, so it changes only on purpose.

export type { CallStats } from './api/stats.js';
export type {
  ApiErrorBody,
  CallSummary,
  ComposedPromptView,
  CreatedTenant,
  CreatePhoneNumberRequest,
  CreateTenantRequest,
  Invitation,
  Me,
  Profile,
  ProfileInput,
  PromptSettings,
  Subscription,
  WorkingHoursSettings,
} from './api/types.js';
export type { ApiKeyAuthOptions, ApiKeyEntry } from './auth/api-key.js';
export { createApiKeyAuth, hashApiKey, parseApiKeysEnv } from './auth/api-key.js';
export type { DevAuthOptions } from './auth/dev.js';
export { createDevAuth } from './auth/dev.js';
export type { AuthProvider } from './auth/types.js';
export type { NuvatraEnv } from './config/env.js';
export { readNuvatraEnv } from './config/env.js';
export { currentTenantScope, findTenantScope } from './context/tenant-context.js';
export type { SecretBox, SecretBoxOptions } from './crypto/secret-box.js';
export { createSecretBox } from './crypto/secret-box.js';
export type {
  TenantTokenClaims,
  TenantTokenSigner,
  TenantTokenSignerOptions,
  TenantTokenSignInput,
} from './crypto/tenant-token.js';
export { createTenantTokenSigner } from './crypto/tenant-token.js';
export { ErrorCode, statusOfErrorCode } from './errors/codes.js';
export type { NuvatraErrorOptions } from './errors/errors.js';
export { createHttpError, isNuvatraError, NuvatraError, NuvatraHttpError, toNuvatraError } from './errors/errors.js';
export { parseOrThrow } from './errors/zod.js';
export { defaultBodyLimit, RECONSTRUCTED_BODY_HEADER, readBodyBytes, readJsonBody } from './http/body.js';
export type { FetchHandler, Nuvatra, NuvatraOptions } from './http/create-nuvatra.js';
export { createNuvatra } from './http/create-nuvatra.js';
export type { BodyReader } from './http/light.js';
export { bodyReaderKey, rawResponseBody, textResponse } from './http/light.js';
export type { Logger } from './http/log.js';
export { createConsoleLogger, redact, silentLogger } from './http/log.js';
export { createOpenApiDocument } from './http/openapi.js';
export type {
  NuvatraPlugin,
  PluginHooks,
  RegisteredTool,
  ToolCallOrigin,
  ToolContext,
  ToolDefinition,
} from './http/plugin.js';
export { definePlugin } from './http/plugin.js';
export { toPublicBaseUrl, withOrigin } from './http/public-url.js';
export { errorResponse, json } from './http/response.js';
export type {
  AdminContext,
  AnyRoute,
  HttpMethod,
  RouteAuth,
  RouteContext,
  RouteDefinition,
  RouteResponseSpec,
  SignedInContext,
  UserContext,
} from './http/route.js';
export { defineRoute } from './http/route.js';
export type { NuvatraServices } from './http/services.js';
export type {
  AnyJobDefinition,
  GlobalJobContext,
  GlobalJobDefinition,
  JobDefinition,
  TenantJobContext,
  TenantJobDefinition,
} from './jobs/define-job.js';
export { defineJob } from './jobs/define-job.js';
export type {
  ClaimRequest,
  JobFailure,
  JobListFilter,
  JobPayload,
  JobQueueDriver,
  JobRecord,
  JobStatus,
  NewJob,
} from './jobs/driver.js';
export type { EnqueuedJob, EnqueueOptions, JobEnqueuer } from './jobs/enqueue.js';
export type { JobRunOutcome } from './jobs/run-job.js';
export type { JobsOptions, NuvatraJobs } from './jobs/runtime.js';
export { jobRecordSchema, jobStatusSchema } from './jobs/schemas.js';
export type { JobWorker, JobWorkerOptions } from './jobs/worker.js';
export type { E164, NormalizePhoneNumberOptions } from './phone/normalize.js';
export { normalizePhoneNumber, tryNormalizePhoneNumber } from './phone/normalize.js';
export type { ComposedPrompt, ComposedPromptSection } from './prompt/compose.js';
export { composePrompt } from './prompt/compose.js';
export type { TenantResolverChain, TenantResolverOptions } from './resolve/chain.js';
export { createTenantResolver } from './resolve/chain.js';
export { calledNumberResolver, forwardingNumberResolver } from './resolve/channel.js';
export { credentialTenantResolver } from './resolve/credential.js';
export type { PrincipalClaimResolverOptions } from './resolve/principal.js';
export { fixedTenantResolver, impersonationResolver, principalClaimResolver } from './resolve/principal.js';
export { recordRefusal } from './resolve/refusal.js';
export { hostResolver, signedTokenResolver } from './resolve/token-host.js';
export type {
  ChannelAddress,
  Principal,
  ResolutionInput,
  ResolverAnswer,
  TenantResolution,
  TenantResolver,
  TraceEntry,
} from './resolve/types.js';
export type { Appointment, CreateAppointmentInput, UpdateAppointmentInput } from './schemas/appointment.js';
export {
  appointmentSchema,
  appointmentStatusSchema,
  createAppointmentInputSchema,
  updateAppointmentInputSchema,
} from './schemas/appointment.js';
export type {
  Actor,
  AuditEvent,
  RecordAuditEventInput,
  RecordWebhookReceiptInput,
  WebhookReceipt,
} from './schemas/audit.js';
export {
  actorSchema,
  auditEventSchema,
  recordAuditEventInputSchema,
  recordWebhookReceiptInputSchema,
  webhookReceiptSchema,
} from './schemas/audit.js';
export type { Call, CallStatus, CreateCallInput, UpdateCallInput } from './schemas/call.js';
export {
  callSchema,
  callStatusSchema,
  createCallInputSchema,
  transcriptMessageSchema,
  updateCallInputSchema,
} from './schemas/call.js';
export type { Page, PageRequest, Provider } from './schemas/common.js';
export {
  e164Schema,
  idSchema,
  languageSchema,
  metadataSchema,
  pageRequestSchema,
  providerSchema,
  timestampSchema,
} from './schemas/common.js';
export type {
  AppendMessageInput,
  Channel,
  Conversation,
  CreateConversationInput,
  Message,
  MessageDeliveryStatus,
  MessageStatusUpdate,
} from './schemas/conversation.js';
export {
  appendMessageInputSchema,
  channelSchema,
  conversationSchema,
  createConversationInputSchema,
  messageDeliveryStatusSchema,
  messageSchema,
  messageStatusUpdateSchema,
} from './schemas/conversation.js';
export type { CreateIntentInput, Intent, UpdateIntentInput } from './schemas/intent.js';
export { createIntentInputSchema, intentSchema, updateIntentInputSchema } from './schemas/intent.js';
export type {
  CreatePhoneNumberInput,
  CreateSharedNumberInput,
  PhoneNumber,
  PhoneNumberKind,
  SharedNumber,
} from './schemas/phone-number.js';
export {
  createPhoneNumberInputSchema,
  createSharedNumberInputSchema,
  phoneNumberKindSchema,
  phoneNumberSchema,
  sharedNumberSchema,
} from './schemas/phone-number.js';
export type { PromptBundle, PromptSection, PromptSectionsInput } from './schemas/prompt-bundle.js';
export {
  promptBundleSchema,
  promptSectionKeySchema,
  promptSectionSchema,
  promptSectionsSchema,
} from './schemas/prompt-bundle.js';
export type {
  ProviderAccount,
  PutProviderAccountInput,
  RecordUnroutedEventInput,
  UnroutedEvent,
} from './schemas/provider.js';
export {
  providerAccountSchema,
  putProviderAccountInputSchema,
  recordUnroutedEventInputSchema,
  unroutedEventSchema,
} from './schemas/provider.js';
export type {
  AddMemberInput,
  CreateTenantInput,
  Member,
  MemberRole,
  Tenant,
  TenantStatus,
  UpdateTenantInput,
} from './schemas/tenant.js';
export {
  addMemberInputSchema,
  createTenantInputSchema,
  externalIdsSchema,
  memberRoleSchema,
  memberSchema,
  tenantSchema,
  tenantSlugSchema,
  tenantStatusSchema,
  updateTenantInputSchema,
} from './schemas/tenant.js';
export type { TenantConfig, TenantConfigInput, Weekday, WorkingHours } from './schemas/tenant-config.js';
export {
  businessProfileSchema,
  faqEntrySchema,
  serviceSchema,
  tenantConfigSchema,
  timeRangeSchema,
  timeZoneSchema,
  voiceAgentSchema,
  weekdaySchema,
  workingHoursSchema,
} from './schemas/tenant-config.js';
export type { UpsertUserInput, User } from './schemas/user.js';
export { upsertUserInputSchema, userSchema } from './schemas/user.js';
export type { ClientConfig, ClientConfigInput } from './single-tenant/client-config.js';
export { applyClientConfig, clientConfigSchema, parseClientConfig } from './single-tenant/client-config.js';
export type { CreateStorageOptions, Storage } from './storage/create-storage.js';
export { createStorage } from './storage/create-storage.js';
export { decodeCursor, encodeCursor } from './storage/cursor.js';
export type {
  Comparison,
  Condition,
  DriverSession,
  FindManyOptions,
  RoutingReads,
  Row,
  StorageDriver,
} from './storage/driver.js';
export type { PluginStorage, StorageExtension, StorageMigration, StoragePlugin } from './storage/extension.js';
export { definePluginModel } from './storage/extension.js';
export { createId } from './storage/ids.js';
export type {
  FieldType,
  GlobalModelName,
  ModelDefinition,
  ModelField,
  ModelName,
  TenantModelName,
} from './storage/models.js';
export { models } from './storage/models.js';
export type { AppointmentsRepository } from './storage/repositories/appointments.js';
export type { AuditEventsRepository, WebhookReceiptsRepository } from './storage/repositories/audit.js';
export type { CallListFilter, CallsRepository } from './storage/repositories/calls.js';
export type { ConversationsRepository, MessagesRepository } from './storage/repositories/conversations.js';
export type { GlobalPromptRepository, SharedNumbersRepository } from './storage/repositories/global.js';
export type { IntentsRepository } from './storage/repositories/intents.js';
export type { MembersRepository } from './storage/repositories/members.js';
export type { PhoneNumbersRepository } from './storage/repositories/phone-numbers.js';
export type { ProviderAccountsRepository } from './storage/repositories/provider-accounts.js';
export type { TenantConfigRepository, TenantPromptRepository } from './storage/repositories/settings.js';
export type { TenantsRepository } from './storage/repositories/tenants.js';
export type { UnroutedEventsRepository } from './storage/repositories/unrouted.js';
export type { GlobalReceiptsRepository, UsersRepository } from './storage/repositories/users.js';
export type { PluginModelSession, TenantScope } from './storage/scope.js';
export type { CreateToolUrlInput, ToolUrl } from './tools/tool-url.js';
export { createToolUrl, toolsPath, toolTokenPurpose } from './tools/tool-url.js';
export type { CallHandoff, CallHandoffInput } from './voice/handoff.js';
export type { VoiceProfile } from './voice/profile.js';
export { loadVoiceProfile } from './voice/profile.js';
