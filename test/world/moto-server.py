"""moto's server, with three additions and two savings. The additions: fixtures may choose the ids
of subnets, security groups and target groups; GetBucketNotificationConfiguration reports
EventBridgeConfiguration; and Elastic Load Balancing requests are answered one at a time.

moto already lets a caller choose a resource's id with the tag `_custom_id_` for the resources
that use its id manager (moto.utilities.id_generator); EC2 subnets and security groups and ELBv2
target groups do not use it in moto 5.x. The sandbox needs them: the README's first object and
examples/ name `subnet-0123456789abcdef0`, `sg-0123456789abcdef0` and target group ARNs ending in
16 hex digits, and they must be applied as written so that `ecs-bridge plan -f examples/` agrees
with what runs (ADR 0014). Only creations that carry the tag change; every other call is moto's
own. The ids chosen are ids AWS could assign (the same prefixes and lengths).

moto 5.2 keeps a bucket's EventBridgeConfiguration (PutBucketNotificationConfiguration) and even
sends S3 events to EventBridge with it, but its GetBucketNotificationConfiguration answer leaves it
out, so nobody can read whether a bucket sends events to EventBridge. S3 answers it as an empty
element when it is on (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html);
the patch adds it, and changes nothing else.

moto's server answers each request on its own thread, and moto 5.2's ELBv2 backend walks the
account's target groups (CreateTargetGroup for one of the same name, CreateRule to check its
actions) while another thread's CreateTargetGroup adds to them: with thousands of target groups
made four at a time (the N = 5000 benchmark's fleet) a call fails with "OrderedDict mutated during
iteration", a 500 that ELB never answers. ELB's API is consistent for these calls (a second
CreateTargetGroup with the same settings returns the same group,
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html);
the patch answers ELBv2 requests one at a time, which only a caller's wait can tell. The operator
makes about one ELB read a resync period, so it hardly waits.

Two savings change no answer. moto's dispatcher asks which of its modules a request's host names by
listing moto's package folder (about 180 folders, `os.listdir` and one `isdir` each) on every
request; the folder does not change while the server runs, so the list is read once. And the server
no longer writes an access log line per request (the proxy's call log records every call); requests
answered 500 or more are still logged. A profile of moto during the N = 5000 benchmark
(docs/performance.md) found the two at 6.6 % and 4.3 % of moto's time.

Run as `python moto-server.py <moto.server arguments>`.
"""

import re
import sys
import threading

import moto.backends as moto_backends
import moto.ec2.models.security_groups as security_groups
import moto.ec2.models.subnets as subnets
import moto.elbv2.models as elbv2
import moto.elbv2.responses as elbv2_responses
import moto.s3.responses as s3_responses
from moto.server import main
from werkzeug.serving import WSGIRequestHandler

TAG = "_custom_id_"
_requested = threading.local()


def _take(default):
    """The id the current creation asked for (once), else moto's generated one."""
    chosen = getattr(_requested, "id", None)
    _requested.id = None
    return chosen or default()


def _with_id(create, custom_id_of):
    def wrapper(self, *args, **kwargs):
        _requested.id = custom_id_of(kwargs.get("tags"))
        try:
            return create(self, *args, **kwargs)
        finally:
            _requested.id = None

    return wrapper


def _tag_from_dict(tags):
    return tags.get(TAG) if isinstance(tags, dict) else None


def _tag_from_list(tags):
    for tag in tags or []:
        if tag.get("Key") == TAG:
            return tag.get("Value")
    return None


_random_subnet_id = subnets.random_subnet_id
subnets.random_subnet_id = lambda: _take(_random_subnet_id)
subnets.SubnetBackend.create_subnet = _with_id(
    subnets.SubnetBackend.create_subnet,
    # CreateSubnet's tags arrive per resource type: {"subnet": {...}}.
    lambda tags: _tag_from_dict((tags or {}).get("subnet")),
)

_random_security_group_id = security_groups.random_security_group_id
security_groups.random_security_group_id = lambda: _take(_random_security_group_id)
security_groups.SecurityGroupBackend.create_security_group = _with_id(
    security_groups.SecurityGroupBackend.create_security_group, _tag_from_dict
)

_target_group_init = elbv2.FakeTargetGroup.__init__


def _target_group_init_with_id(self, name, account_id, region_name, *args, **kwargs):
    _target_group_init(self, name, account_id, region_name, *args, **kwargs)
    chosen = getattr(_requested, "id", None)
    if chosen:
        _requested.id = None
        self.arn = elbv2.make_arn_for_target_group(
            account_id=account_id, tg_id=chosen, name=name, region_name=region_name
        )


elbv2.FakeTargetGroup.__init__ = _target_group_init_with_id
elbv2.ELBv2Backend.create_target_group = _with_id(
    elbv2.ELBv2Backend.create_target_group, _tag_from_list
)

_elbv2_call_action = elbv2_responses.ELBV2Response.call_action
_elbv2_backend = threading.Lock()


def _elbv2_call_action_one_at_a_time(self):
    with _elbv2_backend:
        return _elbv2_call_action(self)


elbv2_responses.ELBV2Response.call_action = _elbv2_call_action_one_at_a_time

_get_bucket_notification = s3_responses.S3Response.get_bucket_notification


def _get_bucket_notification_with_event_bridge(self):
    answer = _get_bucket_notification(self)
    configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
    if configuration is None or configuration.event_bridge is None:
        return answer
    status, headers, body = answer
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    closing = "</NotificationConfiguration>"
    if "EventBridgeConfiguration" in text:
        return answer
    if closing in text:
        text = text.replace(closing, "<EventBridgeConfiguration></EventBridgeConfiguration>" + closing)
    else:
        # An otherwise empty answer is a self-closed element (with its xmlns).
        text = re.sub(
            r"<NotificationConfiguration([^>]*)/>",
            r"<NotificationConfiguration\1><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>",
            text,
            count=1,
        )
    return status, headers, text.encode("utf-8") if isinstance(body, bytes) else text


s3_responses.S3Response.get_bucket_notification = _get_bucket_notification_with_event_bridge

_moto_modules = tuple(moto_backends.list_of_moto_modules())
moto_backends.list_of_moto_modules = lambda: _moto_modules

_log_request = WSGIRequestHandler.log_request


def _log_failed_request(self, code="-", size="-"):
    if str(code).isdigit() and int(code) >= 500:
        _log_request(self, code, size)


WSGIRequestHandler.log_request = _log_failed_request

if __name__ == "__main__":
    main(sys.argv[1:])
