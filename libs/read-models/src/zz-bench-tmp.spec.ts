import { projectionRebuildBench } from '../../../test/bench/projection-rebuild.bench';
it('bench', async () => {
  await projectionRebuildBench({
    record: (r) => console.log(JSON.stringify(r)),
    progress: () => undefined,
  });
}, 600000);
