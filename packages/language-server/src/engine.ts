import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ESLint as ESLintClass, Linter } from 'eslint';
import type { Recorder } from 'eslint-plugin-data-isolation/inventory';
import type { EngineInfo, Settings } from './protocol';

type ESLintModule = typeof import('eslint');
type ESLintCtor = typeof ESLintClass;

export const TYPED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/** One ESLint instance and what it is. Instances are reused between edits, so typed linting stays warm. */
export interface Engine {
  info: EngineInfo;
  eslint: ESLintClass;
  /**
   * `setRecorder` of the `eslint-plugin-data-isolation/inventory` that this engine's plugin belongs to,
   * which records every query site while installed. Missing when the plugin is a version without it.
   */
  inventory?: Inventory;
}

export interface Inventory {
  setRecorder(recorder: Recorder | undefined): void;
}

interface Options {
  trusted: boolean;
  log: (message: string) => void;
}

const ownRequire = createRequire(__filename);

/**
 * The ESLint, typescript-eslint and plugin that come with this server. Plain `require` calls, so that a
 * bundler (the VS Code extension's esbuild build) puts them into the bundle; the workspace's own ESLint
 * is loaded with `ownRequire`, which no bundler follows.
 */
const bundled = {
  eslint: () => require('eslint') as ESLintModule,
  tseslint: () => require('typescript-eslint') as typeof import('typescript-eslint'),
  plugin: () => require('eslint-plugin-data-isolation') as { meta: { version: string }; configs: Record<string, Linter.Config> },
  inventory: () => require('eslint-plugin-data-isolation/inventory') as Inventory,
  /** Where the bundled ESLint is: its package, or the bundle that contains it. */
  eslintPath(): string {
    return typeof DATA_ISOLATION_BUNDLE === 'string' ? `${__filename} (bundled)` : ownRequire.resolve('eslint');
  },
};

/** Defined (as the bundle's name) by the extension's esbuild build; undeclared when run from `dist/`. */
declare const DATA_ISOLATION_BUNDLE: string | undefined;

/**
 * Chooses and caches the ESLint that lints a file. Trusted: the workspace's own ESLint and config, so
 * the editor shows what CI reports. Untrusted, or no config file: the ESLint, typescript-eslint and
 * plugin bundled with this server, configured from the schema and settings only — no workspace code runs.
 */
export class Engines {
  private readonly engines = new Map<string, Engine>();

  constructor(private readonly options: Options) {}

  clear(): void {
    this.engines.clear();
  }

  async forFile(filePath: string, folder: string, settings: Settings): Promise<Engine> {
    if (this.options.trusted) {
      const engine = await this.workspaceEngine(filePath, folder);
      if (engine) return engine;
    }
    const reason = this.options.trusted
      ? 'the workspace has no ESLint flat config for this file'
      : 'Restricted Mode: workspace code (eslint.config.*, plugins, prisma.config.ts) is never loaded';
    return this.bundledEngine(folder, settings, reason);
  }

  private async workspaceEngine(filePath: string, folder: string): Promise<Engine | undefined> {
    // The workspace's ESLint; without one, the bundled ESLint with the workspace's config.
    let eslintPath: string;
    let workspaceESLint = true;
    try {
      eslintPath = createRequire(path.join(path.dirname(filePath), '__resolve__.js')).resolve('eslint');
    } catch {
      eslintPath = bundled.eslintPath();
      workspaceESLint = false;
    }
    const key = JSON.stringify(['workspace', eslintPath, folder]);
    const known = this.engines.get(key);
    if (known) return known;
    const mod = workspaceESLint ? (ownRequire(eslintPath) as ESLintModule) : bundled.eslint();
    const version = mod.ESLint.version;
    if (Number(version.split('.')[0]) < 9) {
      this.options.log(`${eslintPath} is ESLint ${version}; flat config (ESLint 9 or later) is required, using the bundled engine`);
      return undefined;
    }
    const ESLint = (await (mod.loadESLint as (o: object) => Promise<ESLintCtor>)({ useFlatConfig: true }));
    const eslint = new ESLint({ cwd: folder, warnIgnored: false });
    const configFile = await eslint.findConfigFile();
    if (!configFile) return undefined;
    const pluginVersion = pluginVersionFrom(configFile);
    const engine: Engine = {
      eslint,
      info: { kind: 'workspace', eslintVersion: version, eslintPath, configFile, pluginVersion },
      inventory: this.workspaceInventory(configFile, pluginVersion),
    };
    this.options.log(`Using the workspace's ESLint ${version} (${eslintPath}) with ${configFile}`);
    this.engines.set(key, engine);
    return engine;
  }

  /**
   * The inventory of the plugin that the config file imports: resolved from the config file as its
   * `import 'eslint-plugin-data-isolation'` is, so it is the same package (and module instance) that
   * ESLint runs, not the copy bundled with this server.
   */
  private workspaceInventory(configFile: string, pluginVersion: string | undefined): Inventory | undefined {
    try {
      return createRequire(configFile)('eslint-plugin-data-isolation/inventory') as Inventory;
    } catch (error) {
      const which = pluginVersion ? `eslint-plugin-data-isolation ${pluginVersion}` : 'the plugin';
      this.options.log(
        `${which} used by ${configFile} has no eslint-plugin-data-isolation/inventory (${(error as { code?: string }).code ?? String(error)}): ` +
          'the Data isolation view and schema.prisma CodeLenses list findings only, not scoped queries. Update the plugin to list every query.',
      );
      return undefined;
    }
  }

  private bundledEngine(folder: string, settings: Settings, reason: string): Engine {
    const dataIsolationSettings: Record<string, unknown> = {};
    if (settings.schema) dataIsolationSettings.schema = settings.schema;
    if (settings.models) dataIsolationSettings.models = settings.models;
    const key = JSON.stringify(['bundled', folder, settings.bundledConfig, dataIsolationSettings]);
    const known = this.engines.get(key);
    if (known) return known;
    const { ESLint } = bundled.eslint();
    const tseslint = bundled.tseslint();
    const plugin = bundled.plugin();
    const config: Linter.Config[] = [
      { ignores: ['**/node_modules/', '**/dist/', '**/out/', '**/build/', '**/generated/', '**/*.d.ts'] },
      {
        files: TYPED_FILES,
        languageOptions: {
          parser: tseslint.parser as Linter.Parser,
          parserOptions: { projectService: true, tsconfigRootDir: folder },
        },
      },
      { ...plugin.configs[settings.bundledConfig], files: TYPED_FILES, settings: { 'data-isolation': dataIsolationSettings } },
    ];
    const eslint = new ESLint({ cwd: folder, overrideConfigFile: true, overrideConfig: config, warnIgnored: false });
    const engine: Engine = {
      eslint,
      info: {
        kind: 'bundled',
        eslintVersion: ESLint.version,
        eslintPath: bundled.eslintPath(),
        pluginVersion: plugin.meta.version,
        reason,
      },
      inventory: bundled.inventory(),
    };
    this.options.log(`Using the bundled ESLint ${ESLint.version} and plugin ${plugin.meta.version} (${settings.bundledConfig}) for ${folder}: ${reason}`);
    this.engines.set(key, engine);
    return engine;
  }
}

function pluginVersionFrom(configFile: string): string | undefined {
  try {
    const pkg = createRequire(configFile).resolve('eslint-plugin-data-isolation/package.json');
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}
