#!/usr/bin/env python3
"""Vendors the output and error shapes of every operation the test world's AWS proxy answers.

The AWS proxy (test/world/aws-proxy) answers or rewrites some ECS and Application Auto Scaling
calls itself; test/world/aws-proxy/answer-shapes.test.ts holds each answer to the shapes of the
AWS model those SDK clients are generated from. The model is botocore's
`data/<service>/<version>/service-2.json(.gz)` (installed with moto in the test world). We keep the
operations below with their output shape and modeled errors, and every shape reachable from them,
without documentation, in test/ecs-model/answer-shapes.json, so the test runs without Python.

  python3 scripts/refresh-answer-shapes.py           # rewrite the vendored file from the installed model
  python3 scripts/refresh-answer-shapes.py --check   # exit 1 when the installed model differs

After a refresh: bash scripts/use-node.sh npx prettier --write test/ecs-model/answer-shapes.json
"""
import json
import os
import sys

from aws_model import ShapeWalker, load_model

SERVICES = {
    'ecs': (
        '2014-11-13',
        [
            'CreateService',
            'UpdateService',
            'DeleteService',
            'DescribeServices',
            'ListServiceDeployments',
            'DescribeServiceDeployments',
            'StopServiceDeployment',
            'ContinueServiceDeployment',
            'RunTask',
            'DescribeTasks',
            'StopTask',
            'ListTasks',
            'RegisterTaskDefinition',
            'DescribeTaskDefinition',
        ],
    ),
    'application-autoscaling': (
        '2016-02-06',
        [
            'RegisterScalableTarget',
            'DeregisterScalableTarget',
            'PutScalingPolicy',
            'DescribeScalingPolicies',
            'DeleteScalingPolicy',
            'ListTagsForResource',
            'TagResource',
            'UntagResource',
        ],
    ),
}
KEEP = ('type', 'members', 'member', 'key', 'value', 'enum', 'min', 'max', 'required', 'exception', 'fault', 'document')
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'ecs-model', 'answer-shapes.json')


def extract(model, names):
    walker = ShapeWalker(model, KEEP)
    operations = {}
    for op in names:
        o = model['operations'][op]
        errors = [e['shape'] for e in o.get('errors', [])]
        operations[op] = {'input': o['input']['shape'], 'output': o['output']['shape'], 'errors': errors}
        walker.visit(o['output']['shape'])
        for e in errors:
            walker.visit(e)
    return {
        'apiVersion': model['metadata']['apiVersion'],
        'operations': operations,
        'shapes': walker.sorted_shapes(),
    }


def main():
    import botocore  # noqa: PLC0415 (only needed here)

    extracted = {
        service: extract(load_model(botocore, service, version), names)
        for service, (version, names) in SERVICES.items()
    }
    if '--check' in sys.argv:
        with open(OUT, encoding='utf-8') as f:
            vendored = json.load(f)
        if vendored.get('services') != extracted:
            print(
                f'the installed AWS model (botocore {botocore.__version__}) differs from the vendored one '
                f'(botocore {vendored.get("botocoreVersion")}): run python3 scripts/refresh-answer-shapes.py',
                file=sys.stderr,
            )
            sys.exit(1)
        print(f'vendored answer shapes match the installed model (botocore {botocore.__version__})')
        return
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({'botocoreVersion': botocore.__version__, 'services': extracted}, f, indent=1)
        f.write('\n')
    counts = ', '.join(f'{s}: {len(m["shapes"])} shapes' for s, m in extracted.items())
    print(f'wrote {os.path.relpath(OUT)} from botocore {botocore.__version__} ({counts})')


if __name__ == '__main__':
    main()
