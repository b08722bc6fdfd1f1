// Type-aware lint: the rules that catch real operator bugs (floating promises, non-exhaustive
// switches over action unions) need type information.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.venv/**',
      'bin/**',
      'deploy/**',
      'tmp/**',
      'tmp-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // What the operator runs: locale order differs between machines, and its first call keeps
    // ICU's collation tables resident (2 MiB); src/shared/compare-strings.ts orders the same everywhere.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='localeCompare']",
          message:
            'localeCompare orders by the machine locale; use compareStrings (src/shared/compare-strings.ts)',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The unit tests share one module graph per worker (vitest.config.ts: isolate false), so a file
    // must leave no global change behind for the next: time, the environment and modules come in
    // through parameters (src/shared/clock.ts), not through vitest's global mocks.
    files: ['src/**/*.test.ts', 'test/world/**/*.test.ts', 'scripts/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['mock', 'doMock', 'useFakeTimers', 'stubEnv', 'stubGlobal', 'spyOn'].map((property) => ({
          object: 'vi',
          property,
          message: 'unit test files share modules (isolate: false); pass the dependency in instead',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "AssignmentExpression[left.object.object.name='process'][left.object.property.name='env']",
          message: 'unit test files share one process (isolate: false); pass the setting in instead',
        },
      ],
    },
  },
  ...layers,
  { files: ['*.js', 'bin/*.js'], ...tseslint.configs.disableTypeChecked },
);
