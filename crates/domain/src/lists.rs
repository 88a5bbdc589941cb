//! Lists written once: an enum's variants and their stable names come from one table, so a
//! second hand-kept list (every action, every event kind) cannot drift from the first.

/// Declares a C-like enum whose variants each carry a stable name, and derives from that one
/// table `ALL` (every variant, in declaration order) and `as_str` (the name).
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $ty {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The stable name (logs, the matrix, error messages).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name ),+
                }
            }
        }
    };
}

/// The log kinds of an event enum, from one table: `KINDS` (every kind, in declaration
/// order) and `kind_name` (the kind of one event, for [`crate::DomainEvent::kind`]). The
/// match is exhaustive, so a new variant without a kind does not compile.
macro_rules! event_kinds {
    ($ty:ident { $( $variant:ident => $name:literal ),+ $(,)? }) => {
        impl $ty {
            /// Every kind an event of this type can have, in declaration order.
            pub const KINDS: &'static [&'static str] = &[$($name),+];

            fn kind_name(&self) -> &'static str {
                match self {
                    $( $ty::$variant { .. } => $name ),+
                }
            }
        }
    };
}

pub(crate) use {event_kinds, named_enum};
