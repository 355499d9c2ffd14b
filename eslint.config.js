import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'stream/*',
  'events',
  'worker_threads',
  'buffer',
  'process',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // The pure domain: shared by main, renderer and the command line.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron',
                'electron/*',
                'react',
                'react-dom',
                'react-dom/*',
                'zustand',
                'zustand/*',
                'ws',
              ],
              message:
                'core/ is pure: no Node, Electron, React or DOM. Pass time, randomness and I/O in as arguments.',
            },
            {
              group: [
                '../services/*',
                '../../services/*',
                '../electron/*',
                '../../electron/*',
                '../renderer/*',
                '../../renderer/*',
                '../cli/*',
                '../../cli/*',
                '../hosts/*',
                '../../hosts/*',
              ],
              message: 'core/ depends on nothing outside core/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  {
    // Node-side services are shared by Electron, the command line and the browser host; they
    // know nothing of the hosts or the command line that use them.
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'Services run outside Electron too: no electron imports.',
            },
            { group: ['**/renderer/*'], message: 'Services do not import renderer code.' },
            {
              group: ['**/hosts/*', '**/hosts/**', '**/cli/*', '**/cli/**'],
              message: 'Services are used by hosts/ and cli/, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract's handlers, the browser host and media serving: shared by both hosts.
    files: ['hosts/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'hosts/ and cli/ run outside Electron too: no electron imports.',
            },
            { group: ['**/renderer/*'], message: 'hosts/ and cli/ do not import renderer code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'electron/*', 'ws'],
              message: 'The renderer runs in a sandboxed page: no Node or Electron.',
            },
            {
              group: ['**/services/*', '**/hosts/*', '**/electron/*', '**/cli/*'],
              message: 'The renderer reaches the host only through renderer/src/bridge.ts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'mockInterviewer',
          message: 'Only renderer/src/bridge.ts touches the bridge object.',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'mockInterviewer',
          message: 'Only renderer/src/bridge.ts touches the bridge object.',
        },
        {
          object: 'globalThis',
          property: 'mockInterviewer',
          message: 'Only renderer/src/bridge.ts touches the bridge object.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='WebSocket']",
          message: 'Only renderer/src/bridge.ts opens the host connection.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/bridge.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-properties': 'off',
      'no-restricted-syntax': 'off',
    },
  },
);
