//! What kind of "no" an error is. Every error type of the domain (and of `evaluation`) says,
//! per variant, its [`Class`], its stable code and the article it cites, in one table written
//! with [`refusals!`]; the layers above keep the class to the boundary, where one function
//! turns it into an HTTP status. Nobody above guesses a class from a code's spelling.

/// The kinds of refusal (and the one kind of fault) the platform answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Nobody is signed in (or the sign-in failed): say who you are first.
    Unauthenticated,
    /// Who may act: the caller's role, party or seat may not do this (a failed key proof too).
    Forbidden,
    /// The thing addressed does not exist (or is not public yet).
    NotFound,
    /// The state moved on since the caller read it, or the request repeats a finished one.
    Conflict,
    /// A legal or policy rule refused the command; the refusal cites its article when it has one.
    Rule,
    /// The input cannot be read: not a form or document the platform takes, a malformed value.
    Invalid,
    /// The input is over a size limit.
    TooLarge,
    /// The input comes in a form (a media type) the platform does not read.
    Unsupported,
    /// Too many attempts: try again after a while.
    Limited,
    /// The service cannot take this now (a dependency is down, capacity is full).
    Unavailable,
    /// Not a refusal: something below failed (the store, the disk). Never produced by the
    /// domain; the server logs it with the request id.
    Fault,
}

/// One refusal as every layer above the domain sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub class: Class,
    /// Stable and machine-readable, `area.name` (e.g. `trade.late`); the key of its message.
    pub code: &'static str,
    /// The article the refusal applies, e.g. `招标投标法 第37条`, when it names one.
    pub article: Option<&'static str>,
}

impl Refusal {
    pub const fn new(class: Class, code: &'static str) -> Refusal {
        Refusal {
            class,
            code,
            article: None,
        }
    }

    pub const fn rule(code: &'static str) -> Refusal {
        Refusal::new(Class::Rule, code)
    }

    pub const fn forbidden(code: &'static str) -> Refusal {
        Refusal::new(Class::Forbidden, code)
    }

    pub const fn citing(self, article: &'static str) -> Refusal {
        Refusal {
            article: Some(article),
            ..self
        }
    }
}

/// An error that refuses a command: its class, code and article.
pub trait Refuse: std::error::Error {
    fn refusal(&self) -> Refusal;
}

/// Writes an error enum's table once: each variant's pattern, stable code, class and
/// (optionally) the article it cites. Generates `code()`, `CODES` (the type's own codes, for
/// the message catalogues' coverage test) and [`Refuse`]. Variants that wrap another error
/// go under `wraps` and take its code, class and article.
///
/// ```ignore
/// refusals!(DrawError {
///     TooEarly { article, .. } => "draw.too_early", Rule, *article;
///     BadSeed { .. } => "draw.bad_seed", Invalid;
/// } wraps {
///     Request(e) => e;
/// });
/// ```
#[macro_export]
macro_rules! refusals {
    ($ty:ident {
        $( $pat:pat => $code:literal, $class:ident $(, $article:expr)? ; )*
    } $( wraps { $( $wpat:pat => $inner:expr ; )* } )?) => {
        impl $ty {
            /// This type's own codes (a wrapped error lists its own).
            pub const CODES: &'static [&'static str] = &[$($code),*];

            /// The stable machine code.
            #[allow(unused_variables)]
            pub fn code(&self) -> &'static str {
                use $ty::*;
                match self {
                    $( $pat => $code, )*
                    $($( $wpat => $inner.code(), )*)?
                }
            }
        }

        impl $crate::refusal::Refuse for $ty {
            #[allow(unused_variables)]
            fn refusal(&self) -> $crate::refusal::Refusal {
                use $ty::*;
                match self {
                    $( $pat => $crate::refusal::Refusal::new(
                        $crate::refusal::Class::$class,
                        $code,
                    ) $( .citing($article) )?, )*
                    $($( $wpat => $crate::refusal::Refuse::refusal($inner), )*)?
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    enum Inner {
        #[error("inner")]
        Gone,
    }

    #[derive(Debug, thiserror::Error)]
    enum Outer {
        #[error("late ({article})")]
        Late { article: &'static str },
        #[error("role")]
        WrongRole,
        #[error(transparent)]
        Wrapped(Inner),
    }

    crate::refusals!(Inner {
        Gone => "inner.gone", NotFound;
    });

    crate::refusals!(Outer {
        Late { article } => "outer.late", Rule, *article;
        WrongRole => "outer.wrong_role", Forbidden;
    } wraps {
        Wrapped(e) => e;
    });

    #[test]
    fn the_table_gives_code_class_and_article() {
        let late = Outer::Late { article: "第1条" };
        assert_eq!(late.code(), "outer.late");
        assert_eq!(late.refusal(), Refusal::rule("outer.late").citing("第1条"));
        assert_eq!(Outer::WrongRole.refusal().class, Class::Forbidden);
        assert_eq!(Outer::WrongRole.refusal().article, None);
        let wrapped = Outer::Wrapped(Inner::Gone);
        assert_eq!(wrapped.code(), "inner.gone");
        assert_eq!(
            wrapped.refusal(),
            Refusal::new(Class::NotFound, "inner.gone")
        );
        // A wrapped error's codes are its own table's.
        assert_eq!(Outer::CODES, ["outer.late", "outer.wrong_role"]);
        assert_eq!(Inner::CODES, ["inner.gone"]);
    }
}
