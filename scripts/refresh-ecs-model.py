#!/usr/bin/env python3
"""Vendors the part of the AWS SDK's ECS model that ecs-bridge's API coverage test reads.

The model is botocore's `data/ecs/2014-11-13/service-2.json(.gz)` (installed with moto in the test
world). We keep only the shapes reachable from the operations below, without documentation, in
test/ecs-model/ecs-shapes.json, so that the coverage test runs on a fresh machine without Python.

  python3 scripts/refresh-ecs-model.py           # rewrite the vendored file from the installed model
  python3 scripts/refresh-ecs-model.py --check   # exit 1 when the installed model differs (newer SDK)

After a refresh, format the file (`bash scripts/use-node.sh npx prettier --write
test/ecs-model/ecs-shapes.json`; the check compares content, not layout) and run the coverage test (src/resources/api-coverage.test.ts): a member the new model
adds fails it until it is in a CRD or in the exclusion list with a reason.
"""
import gzip
import json
import os
import sys

OPERATIONS = [
    'CreateService',
    'UpdateService',
    'DescribeServices',
    'RegisterTaskDefinition',
    'DescribeTaskDefinition',
]
KEEP = ('type', 'members', 'member', 'key', 'value', 'enum', 'min', 'max', 'required', 'box')
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'ecs-model', 'ecs-shapes.json')


def load_model():
    import botocore  # noqa: PLC0415 (only needed here)

    base = os.path.join(os.path.dirname(botocore.__file__), 'data', 'ecs', '2014-11-13')
    plain = os.path.join(base, 'service-2.json')
    if os.path.exists(plain):
        with open(plain, encoding='utf-8') as f:
            return botocore.__version__, json.load(f)
    with gzip.open(plain + '.gz', 'rt', encoding='utf-8') as f:
        return botocore.__version__, json.load(f)


def extract(model):
    shapes = model['shapes']
    kept = {}

    def visit(name):
        if name in kept:
            return
        shape = shapes[name]
        slim = {k: v for k, v in shape.items() if k in KEEP}
        if 'members' in slim:
            slim['members'] = {m: {'shape': s['shape']} for m, s in slim['members'].items()}
        for k in ('member', 'key', 'value'):
            if k in slim:
                slim[k] = {'shape': slim[k]['shape']}
        kept[name] = slim
        for m in slim.get('members', {}).values():
            visit(m['shape'])
        for k in ('member', 'key', 'value'):
            if k in slim:
                visit(slim[k]['shape'])

    operations = {}
    for op in OPERATIONS:
        o = model['operations'][op]
        operations[op] = {'input': o['input']['shape'], 'output': o['output']['shape']}
        visit(o['input']['shape'])
        visit(o['output']['shape'])
    return {
        'apiVersion': model['metadata']['apiVersion'],
        'operations': operations,
        'shapes': dict(sorted(kept.items())),
    }


def main():
    version, model = load_model()
    extracted = extract(model)
    if '--check' in sys.argv:
        with open(OUT, encoding='utf-8') as f:
            vendored = json.load(f)
        vendored_shapes = {k: v for k, v in vendored.items() if k != 'botocoreVersion'}
        if vendored_shapes != extracted:
            print(
                f'the installed ECS model (botocore {version}) differs from the vendored one '
                f'(botocore {vendored.get("botocoreVersion")}): run python3 scripts/refresh-ecs-model.py '
                'and decide on every new member the coverage test reports',
                file=sys.stderr,
            )
            sys.exit(1)
        print(f'vendored ECS model matches the installed one (botocore {version})')
        return
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({'botocoreVersion': version, **extracted}, f, indent=1, sort_keys=False)
        f.write('\n')
    print(f'wrote {os.path.relpath(OUT)} from botocore {version}: {len(extracted["shapes"])} shapes')
    print('next: bash scripts/use-node.sh npx prettier --write test/ecs-model/ecs-shapes.json')


if __name__ == '__main__':
    main()
