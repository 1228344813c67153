#!/usr/bin/env python3
"""Copies the Qovery operations Gatehouse implements out of Qovery's OpenAPI document.

Takes each operation named in OPERATIONS (path, method, parameters, request body, responses, as
Qovery wrote them) and every component (schema, parameter, response) they reference,
transitively, and writes them as a small OpenAPI 3.0 document with an `x-source` header saying
where they came from. test/contract/qovery-compatibility.test.ts validates Gatehouse against it.

Redo it, from the repository root, when Qovery's document changes:

    python3 scripts/extract-qovery-subset.py /path/to/qovery-openapi.yaml \
        --commit <commit of Qovery/qovery-openapi-spec> --date YYYY-MM-DD
"""

import argparse
import datetime
import json
import os
import subprocess
import sys

import yaml

OPERATIONS = [
    'listOrganizationApiTokens',
    'createOrganizationApiToken',
    'deleteOrganizationApiToken',
    'listOrganizationAvailableRoles',
    'getOrganizationMembers',
    'editOrganizationMemberRole',
    'deleteMember',
    'getOrganizationInvitedMembers',
    'postInviteMember',
    'getMemberInvitation',
    'postAcceptInviteMember',
    'deleteInviteMember',
    'postOrganizationTransferOwnership',
    'listOrganizationCustomRoles',
    'createOrganizationCustomRole',
    'getOrganizationCustomRole',
    'editOrganizationCustomRole',
    'deleteOrganizationCustomRole',
]
METHODS = ('get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace')


def local_refs(node):
    """Every '#/components/...' reference inside node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == '$ref' and isinstance(value, str):
                if not value.startswith('#/components/'):
                    sys.exit(f'unsupported reference {value}')
                yield value
            else:
                yield from local_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from local_refs(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('source', nargs='?', default='/work/shared/reference/qovery-openapi.yaml')
    parser.add_argument('--output', default='test/data/qovery/openapi-subset.json')
    parser.add_argument('--repository', default='Qovery/qovery-openapi-spec')
    parser.add_argument('--commit', default='651aed53ce272a6fb6ec695a68b06dcd55170092')
    parser.add_argument('--date', default=datetime.date.today().isoformat(), help='extraction date')
    args = parser.parse_args()

    with open(args.source, encoding='utf-8') as file:
        document = yaml.safe_load(file)

    paths = {}
    found = set()
    for path, item in document['paths'].items():
        for method in METHODS:
            operation = item.get(method)
            if operation and operation.get('operationId') in OPERATIONS:
                if 'parameters' in item:
                    sys.exit(f'{path} has path-level parameters: copy them too')
                paths.setdefault(path, {})[method] = operation
                found.add(operation['operationId'])
    missing = [name for name in OPERATIONS if name not in found]
    if missing:
        sys.exit(f'operations not in {args.source}: {", ".join(missing)}')

    # Follow references until no new component turns up.
    components = {}
    pending = list(local_refs(paths))
    while pending:
        ref = pending.pop()
        _, _, section, name = ref.split('/', 3)
        if name in components.get(section, {}):
            continue
        target = document['components'][section][name]
        components.setdefault(section, {})[name] = target
        pending.extend(local_refs(target))

    subset = {
        'x-source': {
            'repository': f'https://github.com/{args.repository}',
            'commit': args.commit,
            'extracted': args.date,
            'operations': OPERATIONS,
            'note': 'Copied verbatim by scripts/extract-qovery-subset.py; do not edit by hand.',
        },
        'openapi': document['openapi'],
        'info': {'title': document['info']['title'], 'version': document['info']['version']},
        'security': document.get('security', []),
        'paths': paths,
        'components': {
            **{section: dict(sorted(entries.items())) for section, entries in sorted(components.items())},
            'securitySchemes': document['components'].get('securitySchemes', {}),
        },
    }
    with open(args.output, 'w', encoding='utf-8') as file:
        json.dump(subset, file, indent=2, ensure_ascii=False)
        file.write('\n')
    # The repository's formatter owns JSON layout: format the file the way `npm run lint` expects.
    biome = os.path.join('node_modules', '.bin', 'biome')
    if os.path.exists(biome):
        subprocess.run([biome, 'format', '--write', args.output], check=True, capture_output=True)
    counts = ', '.join(f'{len(entries)} {section}' for section, entries in sorted(components.items()))
    print(f'{args.output}: {len(found)} operations, {counts}')


if __name__ == '__main__':
    main()
