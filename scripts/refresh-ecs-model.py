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
import json
import os
import sys

from aws_model import ShapeWalker, load_model

OPERATIONS = [
    'CreateService',
    'UpdateService',
    'DescribeServices',
    'RegisterTaskDefinition',
    'DescribeTaskDefinition',
]
KEEP = ('type', 'members', 'member', 'key', 'value', 'enum', 'min', 'max', 'required', 'box')
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'ecs-model', 'ecs-shapes.json')


def extract(model):
    walker = ShapeWalker(model, KEEP)
    operations = {}
    for op in OPERATIONS:
        o = model['operations'][op]
        operations[op] = {'input': o['input']['shape'], 'output': o['output']['shape']}
        walker.visit(o['input']['shape'])
        walker.visit(o['output']['shape'])
    return {
        'apiVersion': model['metadata']['apiVersion'],
        'operations': operations,
        'shapes': walker.sorted_shapes(),
    }


def main():
    import botocore  # noqa: PLC0415 (only needed here)

    version, model = botocore.__version__, load_model(botocore, 'ecs', '2014-11-13')
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
