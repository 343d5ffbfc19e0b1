"""Vroegsignalen: signals of creditors about payment arrears (Wet gemeentelijke
schuldhulpverlening art. 3 lid 1 onder b), read from deliveries in the DDAS exchange
model v0.9 and attached to households as arrears."""

from gezinsplan.interop.vroegsignalen.attach import (
    AttachResult,
    attach_signals,
    import_vroegsignalen,
)
from gezinsplan.interop.vroegsignalen.reader import (
    Delivery,
    DeliveryError,
    Signal,
    codes,
    person_key,
    read_delivery,
    read_delivery_data,
)

__all__ = [
    "AttachResult",
    "Delivery",
    "DeliveryError",
    "Signal",
    "attach_signals",
    "codes",
    "import_vroegsignalen",
    "person_key",
    "read_delivery",
    "read_delivery_data",
]
