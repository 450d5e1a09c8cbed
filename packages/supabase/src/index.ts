export type { DashboardCommand, SupabaseStorageOptions } from './options.js';
export { createSupabaseStorage } from './storage.js';
