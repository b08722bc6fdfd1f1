"""Reads the AWS SDK model that botocore ships, for the scripts that vendor parts of it.

scripts/refresh-ecs-model.py and scripts/refresh-answer-shapes.py both load a service's
`data/<service>/<version>/service-2.json(.gz)` and keep the shapes reachable from a few operations,
stripped to the keys their test reads. This module is the one place that does both, so the two
vendored files cannot drift apart in how they walk the model.
"""
import gzip
import json
import os


def load_model(botocore, service, version):
    """The parsed service-2.json of `service` at API `version`, plain or gzipped (newer botocore)."""
    plain = os.path.join(os.path.dirname(botocore.__file__), 'data', service, version, 'service-2.json')
    if os.path.exists(plain):
        with open(plain, encoding='utf-8') as f:
            return json.load(f)
    with gzip.open(plain + '.gz', 'rt', encoding='utf-8') as f:
        return json.load(f)


class ShapeWalker:
    """Collects the shapes reachable from the ones visited, each stripped to the `keep` keys.

    Members, list members and map keys/values keep only their target shape name: documentation and
    locations are not what the tests compare, and leaving them out keeps the vendored files small.
    """

    def __init__(self, model, keep):
        self._shapes = model['shapes']
        self._keep = keep
        self.kept = {}

    def visit(self, name):
        if name in self.kept:
            return
        slim = {k: v for k, v in self._shapes[name].items() if k in self._keep}
        if 'members' in slim:
            slim['members'] = {m: {'shape': s['shape']} for m, s in slim['members'].items()}
        for k in ('member', 'key', 'value'):
            if k in slim:
                slim[k] = {'shape': slim[k]['shape']}
        self.kept[name] = slim
        for m in slim.get('members', {}).values():
            self.visit(m['shape'])
        for k in ('member', 'key', 'value'):
            if k in slim:
                self.visit(slim[k]['shape'])

    def sorted_shapes(self):
        """The kept shapes by name, so a refresh writes a stable file."""
        return dict(sorted(self.kept.items()))
