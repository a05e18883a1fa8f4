"""Follows, the e-mail digests of what changed in what a user follows, and the Atom feeds of
the public lists (docs/follows-and-digests.md).

It sits in `investments` because a follow may point at a member state or an organization
(members), a resource (resources) or a plan, priority or offer (investments): only this app
may read all three. The other apps' templates show the follow button through the `follows`
template tag library, loaded by name, without importing this package.
"""
