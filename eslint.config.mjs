// The rules n8n's community-package scanner applies (see @n8n/scan-community-package):
// the community-nodes `recommended` set (the n8n Cloud form), `no-console`, and
// eslint-plugin-n8n-nodes-base's community / credentials / nodes sets, with the
// same rules switched off. `npm run lint` runs it with --no-inline-config, as the
// scanner does, over the sources (nodes/, credentials/, package.json) and over
// the compiled dist/**/*.js that is published.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';

export default [
	{ ignores: ['node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'docs/**', 'examples/**', '**/*.d.ts', '**/*.map'] },
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tsParser } },
];
