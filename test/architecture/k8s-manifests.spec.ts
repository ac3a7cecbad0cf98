import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import type { IContainer, IEnvVar, IProbe } from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '@crm/platform';
import { HealthController } from '../../apps/crm-api/src/health/health.http.controller';
import { readEventRelayConfig } from '../../apps/event-relay/src/event-relay.config';
import { readIngestConfig } from '../../apps/ingest/src/ingest.config';
import { readProjectorConfig } from '../../apps/projector/src/projector.config';
import { readRiskMonitorConfig } from '../../apps/risk-monitor/src/risk-monitor.config';
import { npmScripts, npmScriptLaunch } from '../bench/npm-start-launch';
import { readDockerfile, ROOT } from './dockerfile';

/**
 * deploy/k8s checked without a cluster: every object against the Kubernetes OpenAPI schemas
 * (kubernetes-models validates with ajv), then against the code it deploys — the command is the
 * npm script's, every variable is one the app's config parser reads and accepts, probes hit the
 * app's health routes on the port it listens on, every Secret and ConfigMap key referenced
 * exists, and the Service, PDBs, HPA and NetworkPolicies select the right pods.
 */
const DIR = resolve(ROOT, 'deploy/k8s');
const dockerfile = readDockerfile();

type Manifest = Readonly<{ file: string; object: { apiVersion: string; kind: string; metadata: { name: string } } }>;

const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
  images: { name: string }[];
};
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return { file, object: document.toJS() as Manifest['object'] };
  }),
);
const ofKind = <T>(kind: string) => manifests.filter((m) => m.object.kind === kind).map((m) => m.object as T);
const named = <T extends { metadata?: { name?: string } }>(items: T[], name: string | undefined): T => {
  const found = items.find((item) => item.metadata?.name === name);
  if (found === undefined) throw new Error(`no object named ${String(name)}`);
  return found;
};

/** The objects' schemas, by apiVersion and kind: an object of any other kind fails the suite. */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const deployments = ofKind<Deployment>('Deployment');
const configMaps = ofKind<ConfigMap>('ConfigMap');
const secrets = ofKind<Secret>('Secret');
const podLabels = (deployment: Deployment) => deployment.spec?.template.metadata?.labels ?? {};
const selects = (selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const selected = (selector: Readonly<Record<string, string>> | undefined) =>
  deployments.filter((deployment) => selects(selector, podLabels(deployment)));
const mainContainer = (deployment: Deployment): IContainer => deployment.spec!.template.spec!.containers[0];

/** Each app's config parser, health routes and port, found from the entry point a container runs. */
type AppUnderTest = Readonly<{
  parse: (env: NodeJS.ProcessEnv) => Readonly<Record<string, unknown>>;
  /** Paths its health server answers; none for an app that listens on no port. */
  health: () => readonly string[];
}>;

const apiHealthRoutes = (): string[] => {
  const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const routes = (['live', 'ready'] as const).map(
    (method) => `/${base}/${Reflect.getMetadata(PATH_METADATA, HealthController.prototype[method]) as string}`,
  );
  // Only routes the global /v1 prefix leaves out are where the probes ask.
  const bootstrap = readFileSync(resolve(ROOT, 'apps/crm-api/src/bootstrap.ts'), 'utf8');
  return routes.filter((route) => bootstrap.includes(`'${route.slice(1)}'`));
};
/** The health routes the workers' small server answers (libs/platform's worker health server). */
const workerHealthRoutes = (): string[] =>
  [
    ...readFileSync(resolve(ROOT, 'libs/platform/src/health/worker-health-server.ts'), 'utf8').matchAll(
      /request\.url === '(\/health\/[a-z]+)'/g,
    ),
  ].map((match) => match[1]);

const APPS: Readonly<Record<string, AppUnderTest>> = {
  'dist/apps/crm-api/src/main.js': {
    parse: loadConfig,
    health: apiHealthRoutes,
  },
  'dist/apps/projector/src/main.js': { parse: readProjectorConfig, health: () => [] },
  'dist/apps/event-relay/src/main.js': { parse: readEventRelayConfig, health: () => [] },
  'dist/apps/risk-monitor/src/main.js': { parse: readRiskMonitorConfig, health: workerHealthRoutes },
  'dist/apps/ingest/src/main.js': { parse: readIngestConfig, health: workerHealthRoutes },
};

/** Values a real cluster's Secret would hold, well-formed: the committed file has only placeholders. */
const SECRET_VALUES: Readonly<Record<string, string>> = {
  JWT_SECRET: 'k8s-manifest-test-secret-0123456789abcdef',
  DATABASE_URL: 'postgres://crm:password@postgres:5432/crm',
  'data-key': 'k8s-manifest-test-data-key-0123456789abcdef',
};

let scratch: string;
beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), 'crm-k8s-manifests-'))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The container's environment as the kubelet builds it, with the image's ENV below it; files
 * mounted from a Secret are written to a scratch folder and the variable pointed there.
 */
const containerEnv = (deployment: Deployment, container: IContainer): Record<string, string> => {
  const env: Record<string, string> = { ...dockerfile.env };
  for (const variable of container.env ?? []) env[variable.name] = valueOf(variable);
  for (const mount of container.volumeMounts ?? []) {
    const volume = deployment.spec!.template.spec!.volumes?.find((v) => v.name === mount.name);
    if (volume?.secret === undefined) continue;
    for (const item of volume.secret.items ?? []) {
      const inContainer = join(mount.mountPath, item.path);
      for (const [name, value] of Object.entries(env)) {
        if (value !== inContainer) continue;
        const file = join(scratch, relative('/', inContainer));
        writeFileSync(ensureDir(file), secretValue(volume.secret.secretName, item.key));
        env[name] = file;
      }
    }
  }
  return env;
};
const ensureDir = (file: string): string => {
  mkdirSync(dirname(file), { recursive: true });
  return file;
};
const valueOf = (variable: IEnvVar): string => {
  const from = variable.valueFrom;
  if (from?.configMapKeyRef !== undefined) {
    const data = named(configMaps, from.configMapKeyRef.name).data ?? {};
    if (!(from.configMapKeyRef.key in data))
      throw new Error(`${variable.name}: ConfigMap ${from.configMapKeyRef.name} has no ${from.configMapKeyRef.key}`);
    return data[from.configMapKeyRef.key];
  }
  if (from?.secretKeyRef !== undefined) return secretValue(from.secretKeyRef.name, from.secretKeyRef.key);
  if (from !== undefined) throw new Error(`${variable.name}: only ConfigMap and Secret references are checked`);
  return variable.value ?? '';
};
const secretValue = (name: string | undefined, key: string): string => {
  const secret = named(secrets, name);
  if (!(key in { ...secret.stringData, ...secret.data })) throw new Error(`Secret ${String(name)} has no key ${key}`);
  const value = SECRET_VALUES[key];
  if (value === undefined) throw new Error(`Secret key ${key}: add a well-formed test value to SECRET_VALUES`);
  return value;
};

/** Runs the app's config parser on the env and returns the config and every variable it read. */
const parsedBy = (app: AppUnderTest, env: Readonly<Record<string, string>>) => {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return (target as Record<string | symbol, string>)[name];
    },
  });
  return { config: app.parse(recording as NodeJS.ProcessEnv), read };
};

const appOf = (container: IContainer): AppUnderTest => {
  const app = APPS[container.command?.at(-1) ?? ''];
  if (app === undefined) throw new Error(`${container.name} runs ${String(container.command)}: no known app`);
  return app;
};

describe('deploy/k8s', () => {
  it('lists every manifest in kustomization.yaml, and only files that exist', () => {
    const files = readdirSync(DIR).filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(manifests.map((m) => [`${m.file}: ${m.object.kind} ${m.object.metadata.name}`, m.object]))(
    '%s is valid against the Kubernetes schema',
    (_, object) => {
      const model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(model).toBeDefined();
      expect(() => new model(object as never).validate()).not.toThrow();
    },
  );

  describe.each(deployments.map((d) => [d.metadata!.name!, d]))('Deployment %s', (_, deployment) => {
    const container = mainContainer(deployment);
    const pod = deployment.spec!.template.spec!;

    it('selects its own pods', () => {
      expect(selects(deployment.spec!.selector.matchLabels, podLabels(deployment))).toBe(true);
    });

    it('runs the image as its npm script runs the app: Node flags, entry point, environment', () => {
      const [node, ...args] = container.command ?? [];
      const script = Object.keys(npmScripts(resolve(ROOT, 'package.json'))).find(
        (name) =>
          name.startsWith('start') && npmScriptLaunch(name, resolve(ROOT, 'package.json')).entry === args.at(-1),
      );
      expect(script).toBeDefined();
      const launch = npmScriptLaunch(script!, resolve(ROOT, 'package.json'));
      expect(node).toBe('node');
      expect(args).toEqual([...launch.nodeFlags, launch.entry]);
      expect(container.args).toBeUndefined();
      expect(containerEnv(deployment, container)).toMatchObject(launch.env);
      expect(container.image).toBe(kustomization.images[0].name);
      expect(container.workingDir ?? dockerfile.workdir).toBe(dockerfile.workdir);
    });

    it('sets only variables its app reads, and the app accepts them', () => {
      const { read } = parsedBy(appOf(container), containerEnv(deployment, container));
      expect((container.env ?? []).map((v) => v.name).filter((name) => !read.has(name))).toEqual([]);
    });

    it('runs as the image user, non-root, on a read-only root, and writes only to its volumes', () => {
      // USER node: the node images' uid and gid 1000.
      expect(dockerfile.user).toBe('node');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      const { config } = parsedBy(appOf(container), containerEnv(deployment, container));
      const files = [
        config.eventStore === 'sqlite' && config.sqlitePath,
        config.readModelStore === 'sqlite' && config.readModelPath,
        config.auditStore === 'sqlite' && config.auditPath,
        'riskStatePath' in config && config.readModelStore === 'sqlite' && config.riskStatePath,
      ].filter((file): file is string => typeof file === 'string');
      const writable = (container.volumeMounts ?? []).filter((mount) => mount.readOnly !== true);
      const unwritable = files
        .map((file) => resolve(dockerfile.workdir, relative(process.cwd(), file)))
        .filter((file) => !writable.some((mount) => file.startsWith(`${mount.mountPath}/`)));
      expect(unwritable).toEqual([]);
    });

    it('probes the health routes its app answers, on the port it listens on', () => {
      const app = appOf(container);
      const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe].filter(
        (probe): probe is IProbe => probe !== undefined,
      );
      const routes = app.health();
      if (routes.length === 0) {
        // A probe on a port nothing listens on would restart a healthy worker forever.
        expect(probes).toEqual([]);
        expect(container.ports ?? []).toEqual([]);
        return;
      }
      const { config } = parsedBy(app, containerEnv(deployment, container));
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      for (const probe of probes) {
        expect(routes).toContain(probe.httpGet?.path);
        const port = (container.ports ?? []).find(
          (p) => p.name === probe.httpGet?.port || p.containerPort === probe.httpGet?.port,
        );
        expect(port?.containerPort).toBe(config.port);
      }
    });

    it('has resources that fit its Node flags, and a disruption budget that leaves it a pod', () => {
      const { requests, limits } = container.resources ?? {};
      expect(requests?.cpu).toBeDefined();
      expect(mebibytes(requests?.memory)).toBeLessThanOrEqual(mebibytes(limits?.memory));
      const flag = (name: string) =>
        Number(container.command?.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? 0);
      // V8's limits (old space + young generation, 3 semi-spaces) and 128 MiB for code, SQLite
      // and Node itself: the heap fails with its own error before the kernel OOM-kills the pod.
      expect(mebibytes(limits?.memory)).toBeGreaterThanOrEqual(
        flag('max-old-space-size') + 3 * flag('max-semi-space-size') + 128,
      );
      const budgets = ofKind<PodDisruptionBudget>('PodDisruptionBudget').filter((pdb) =>
        selects(pdb.spec?.selector?.matchLabels, podLabels(deployment)),
      );
      expect(budgets).toHaveLength(1);
      expect(Number(budgets[0].spec?.minAvailable)).toBeLessThan(deployment.spec!.replicas ?? 1);
    });

    it('has a NetworkPolicy admitting exactly the ports it listens on', () => {
      const policies = ofKind<NetworkPolicy>('NetworkPolicy').filter((policy) =>
        selects(policy.spec?.podSelector.matchLabels, podLabels(deployment)),
      );
      expect(policies).toHaveLength(1);
      const admitted = (policies[0].spec?.ingress ?? []).flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
      expect(admitted.sort()).toEqual((container.ports ?? []).map((p) => p.name).sort());
    });
  });

  it('every ConfigMap and Secret key is used by some container', () => {
    const used = deployments.flatMap((deployment) => {
      const container = mainContainer(deployment);
      const refs = (container.env ?? []).flatMap((v) => [
        v.valueFrom?.configMapKeyRef?.key,
        v.valueFrom?.secretKeyRef?.key,
      ]);
      const items = (deployment.spec!.template.spec!.volumes ?? []).flatMap((v) =>
        (v.secret?.items ?? []).map((i) => i.key),
      );
      return [...refs, ...items];
    });
    const keys = [
      ...configMaps.flatMap((c) => Object.keys(c.data ?? {})),
      ...secrets.flatMap((s) => Object.keys({ ...s.data, ...s.stringData })),
    ];
    expect(keys.filter((key) => !used.includes(key))).toEqual([]);
  });

  it('the Service routes to the API pods through a port they name', () => {
    for (const service of ofKind<Service>('Service')) {
      const targets = selected(service.spec?.selector);
      expect(targets).toHaveLength(1);
      const names = (mainContainer(targets[0]).ports ?? []).map((p) => p.name);
      for (const port of service.spec?.ports ?? []) expect(names).toContain(port.targetPort);
    }
  });

  it('the HorizontalPodAutoscaler scales the API Deployment, whose CPU request it measures against', () => {
    const autoscalers = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    expect(autoscalers).toHaveLength(1);
    for (const hpa of autoscalers) {
      const { kind, apiVersion, name } = hpa.spec!.scaleTargetRef;
      expect([apiVersion, kind]).toEqual(['apps/v1', 'Deployment']);
      const target = named(deployments, name);
      expect(mainContainer(target).command?.at(-1)).toBe(npmScriptLaunch('start', resolve(ROOT, 'package.json')).entry);
      expect(mainContainer(target).resources?.requests?.cpu).toBeDefined();
      expect(target.spec?.replicas).toBeGreaterThanOrEqual(hpa.spec!.minReplicas ?? 1);
      expect(target.spec?.replicas).toBeLessThanOrEqual(hpa.spec!.maxReplicas);
    }
  });
});

/** A Kubernetes memory quantity (Mi, Gi, M, G or bytes) in MiB. */
const mebibytes = (quantity: string | number | undefined): number => {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(quantity ?? ''));
  if (match === null) throw new Error(`not a memory quantity: ${String(quantity)}`);
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };
  return Number(match[1]) * (match[2] === undefined ? 1 / 2 ** 20 : factor[match[2] as keyof typeof factor]);
};
