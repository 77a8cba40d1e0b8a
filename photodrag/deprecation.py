"""Old spellings of arguments, accepted for one release with a DeprecationWarning that names the new one.

A renamed argument must not break a user's script silently, nor at once: the old keyword (or an
argument that used to be positional and is now keyword-only) still works, says what to write
instead, and goes in the release after next. The wrapped function's own signature is the new one.
"""

from __future__ import annotations

import functools
import inspect
import warnings

#: The release from which the old spellings are refused.
REMOVED_IN = "photodrag 0.4"


def renamed_arguments(*, positional: tuple[str, ...] = (), **renamed: str):
    """Decorate a function so that its old argument spellings still work, with a DeprecationWarning.

    Parameters
    ----------
    positional : tuple of str
        The old names, in order, of arguments that followed the last positional parameter of
        the new signature and are now keyword-only: a call that still passes them by position
        is mapped onto them (then renamed as below).
    **renamed : str
        old name -> new name of keyword arguments.

    A call that gives an argument both ways (old and new name) raises TypeError, as Python does
    for an argument given twice.
    """
    def wrap(function):
        parameters = inspect.signature(function).parameters.values()
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)
        name = function.__name__

        @functools.wraps(function)
        def call(*args, **kwargs):
            if len(args) > n_positional and positional:
                extra, args = args[n_positional:], args[:n_positional]
                if len(extra) > len(positional):
                    raise TypeError(f"{name}() takes at most {n_positional + len(positional)} positional arguments "
                                    f"({n_positional} without the deprecated ones), got {n_positional + len(extra)}")
                old = positional[: len(extra)]
                new = [renamed.get(o, o) for o in old]
                warnings.warn(f"{name}(): passing {', '.join(old)} by position is deprecated and refused from "
                              f"{REMOVED_IN}; pass {', '.join(n + '=' for n in new)} as keywords",
                              DeprecationWarning, stacklevel=2)
                for key, new_key, value in zip(old, new, extra):
                    if key in kwargs or new_key in kwargs:
                        raise TypeError(f"{name}() got multiple values for argument {new_key!r}")
                    kwargs[new_key] = value
            for old, new in renamed.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{name}() got both {old}= (its deprecated spelling) and {new}=")
                warnings.warn(f"{name}({old}=...) is deprecated and refused from {REMOVED_IN}: write {new}=...",
                              DeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return call

    return wrap
