// The recommended setup with the plugin's `strict` config, which also reports filters it cannot read.
import dataIsolation from 'eslint-plugin-data-isolation';
import recommended from './eslint.config.mjs';

export default [...recommended.slice(0, -1), { ...dataIsolation.configs.strict, files: ['src/**/*.ts'] }];
