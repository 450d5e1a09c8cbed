import { nuvatraTestProject } from '../../vitest.shared.js';

export default nuvatraTestProject('google');
