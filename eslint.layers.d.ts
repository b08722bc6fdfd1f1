/** Types of eslint.layers.js, for the test that lints with its rules. */
import type { Linter } from 'eslint';

declare const layers: Linter.Config[];
export default layers;
