export { IntentsEditor } from './intents-editor.js';
export { PhoneNumbers } from './phone-numbers.js';
export { ProfileForm } from './profile-form.js';
export { WorkingHoursEditor } from './working-hours-editor.js';
