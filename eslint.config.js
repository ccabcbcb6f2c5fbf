// Type-aware lint: floating promises and unsafe any are bugs in a tool that changes production.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', 'bench/**/*.js', 'test/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Node's recursive mkdir loops forever under /proc and /sys (`--state-dir /proc/nope` hung).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/make-dir.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.name=/^mkdir(Sync)?$/] > ObjectExpression > Property[key.name="recursive"]',
          message: 'Use makeDirectory/makeDirectorySync from src/make-dir.ts: recursive mkdir can hang.',
        },
      ],
    },
  },
  // The sandbox is an independent oracle: the emulators (src/sandbox, the kernel, and each
  // src/services/*/emulator) and the clients (src/services/*/client and steps, the HTTP and
  // credential layers in src/core) share no code, or a shared bug would pass both sides. Each
  // builds from the vendor's description.
  {
    files: ['src/sandbox/**/*.ts', 'src/services/*/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.{1,2}/(.*/)?(client|steps|core|intunewin)(/|$)',
              message: 'The emulator must not use client code: write its own from the vendor docs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/services/*/client/**/*.ts',
      'src/services/*/steps/**/*.ts',
      'src/services/*.ts',
      'src/core/**/*.ts',
      'src/steps/**/*.ts',
      'src/intunewin/**/*.ts',
      'src/doctor/**/*.ts',
      'src/engine/**/*.ts',
      'src/runbook/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.{1,2}/(.*/)?(sandbox|emulator)(/|$)',
              message: 'Clients must not use emulator code; talk to the sandbox over its wire protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
