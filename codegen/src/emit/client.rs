//! The typed server choice, and the client constructors and credential setters that the
//! spec's `servers` and `securitySchemes` call for.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_parts;
use super::idents::{ident, snake_names};
use crate::ir::{Api, ParamLocation, SecurityKind, SecurityScheme, Server, ServerVariable};

/// `ClientBuilder` methods of the runtime (and `server`, generated here) that credential
/// setters must not shadow.
const BUILDER_METHODS: &[&str] = &[
    "new", "base_url", "timeout", "connect_timeout", "retry_policy", "user_agent", "header", "http_client",
    "hook", "credential", "fail", "build", "server",
];

/// The `client` module: `Client::builder`, `ClientBuilder::server` and credential setters.
pub fn client_module(api: &Api) -> TokenStream {
    let default_url = default_base_url(api);
    let default_doc = match &default_url {
        Some(url) => format!(" Starts configuring a client that talks to `{url}` unless told otherwise."),
        None => " Starts configuring a client; the spec names no absolute server URL, so set one with \
                  [`ClientBuilder::base_url`]."
            .to_owned(),
    };
    let default_url = match default_url {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let setters = credential_setters(api);
    let server_method = (!api.servers.is_empty()).then(|| {
        quote! {
            /// Talks to one of the servers the spec lists; a variable that would change more than
            /// its part of the URL is refused when the client is built.
            pub fn server(self, server: crate::Server) -> Self {
                match server.url() {
                    Ok(url) => self.base_url(url),
                    Err(error) => self.fail(error),
                }
            }
        }
    });
    quote! {
        //! Client construction: where to connect and how to authenticate.

        use crate::runtime::{Client, ClientBuilder};

        impl Client {
            #[doc = #default_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(#default_url)
            }
        }

        impl ClientBuilder {
            #server_method
            #(#setters)*
        }
    }
}

/// The URL a client built with no `base_url` talks to: the first server's, with default
/// values, when it is absolute.
pub fn default_base_url(api: &Api) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for variable in &server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// Two setters per scheme: one for a fixed secret, one for a provider asked on every attempt.
/// All names are allocated together, so a scheme called `xProvider` cannot collide either.
/// Each security scheme with the names of its two `ClientBuilder` setters: the one that takes
/// a fixed secret, and the one that takes a provider.
pub fn credential_setter_names(api: &Api) -> Vec<(&SecurityScheme, String, String)> {
    let schemes = &api.security_schemes;
    let fixed = schemes.iter().map(|s| s.name.clone());
    let provided = schemes.iter().map(|s| format!("{} provider", s.name));
    let bases: Vec<String> = fixed.chain(provided).collect();
    let mut names = snake_names(bases.iter().map(String::as_str), BUILDER_METHODS);
    let provider_names = names.split_off(schemes.len());
    schemes.iter().zip(names).zip(provider_names).map(|((scheme, fixed), provider)| (scheme, fixed, provider)).collect()
}

fn credential_setters(api: &Api) -> Vec<TokenStream> {
    credential_setter_names(api)
        .into_iter()
        .flat_map(|(scheme, fixed, provider)| {
            [credential_setter(scheme, &fixed, SecretArgument::Fixed), credential_setter(scheme, &provider, SecretArgument::Provider)]
        })
        .collect()
}

/// How a credential setter takes the secret.
#[derive(Clone, Copy)]
enum SecretArgument {
    Fixed,
    Provider,
}

fn credential_setter(scheme: &SecurityScheme, method: &str, argument: SecretArgument) -> TokenStream {
    let method = ident(method);
    let scheme_name = &scheme.name;
    let (how, secret_name, username, fixed, kind) = match &scheme.kind {
        SecurityKind::Bearer => (
            "Sent as `Authorization: Bearer <token>`.".to_owned(),
            "token",
            None,
            quote! { crate::runtime::Credential::Bearer(token.into()) },
            quote! { crate::runtime::CredentialKind::Bearer },
        ),
        SecurityKind::Basic => (
            "Sent as HTTP basic authentication.".to_owned(),
            "password",
            Some(quote! { username: impl Into<String>, }),
            quote! { crate::runtime::Credential::Basic { username: username.into(), password: password.into() } },
            quote! { crate::runtime::CredentialKind::Basic { username: username.into() } },
        ),
        SecurityKind::ApiKey { location, parameter } => {
            let (where_, location) = match location {
                ParamLocation::Query => ("query parameter", quote! { Query }),
                ParamLocation::Cookie => ("cookie", quote! { Cookie }),
                _ => ("header", quote! { Header }),
            };
            (
                format!("Sent as the `{parameter}` {where_}."),
                "key",
                None,
                quote! {
                    crate::runtime::Credential::ApiKey {
                        location: crate::runtime::ApiKeyLocation::#location,
                        name: #parameter.to_owned(),
                        value: key.into(),
                    }
                },
                quote! {
                    crate::runtime::CredentialKind::ApiKey {
                        location: crate::runtime::ApiKeyLocation::#location,
                        name: #parameter.to_owned(),
                    }
                },
            )
        }
    };
    let (title, secret_argument, credential) = match argument {
        SecretArgument::Fixed => {
            let name = format_ident!("{}", secret_name);
            (
                format!("Authenticates with the `{scheme_name}` scheme. {how}"),
                quote! { #name: impl Into<crate::runtime::Secret> },
                fixed,
            )
        }
        SecretArgument::Provider => (
            format!(
                "Authenticates with the `{scheme_name}` scheme, asking `provider` for the {secret_name} before \
                 every attempt and once more after a 401. {how}"
            ),
            quote! { provider: impl crate::runtime::TokenProvider + 'static },
            quote! { crate::runtime::Credential::Provided { kind: #kind, provider: std::sync::Arc::new(provider) } },
        ),
    };
    // The scheme's description once, on the fixed setter; the provider's says how it differs.
    let description = matches!(argument, SecretArgument::Fixed).then_some(scheme.description.as_deref()).flatten();
    let docs = doc_parts(&[Some(&title), description], &title);
    quote! {
        #docs
        pub fn #method(self, #username #secret_argument) -> Self {
            self.credential(#scheme_name, #credential)
        }
    }
}

/// The `servers` module: one variant per server, one enum per enumerated variable.
pub fn servers_module(api: &Api) -> TokenStream {
    let variants = api.servers.iter().map(server_variant);
    let arms = api.servers.iter().map(url_arm);
    let default = api.servers.first().map(default_server);
    let enums = api.servers.iter().flat_map(|s| &s.variables).filter_map(variable_enum);
    quote! {
        //! The servers the spec lists, with their URL variables.

        /// Where the API is served. [`crate::ClientBuilder::base_url`] takes any other URL.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The base URL, with variables substituted; a variable value that would change
            /// more than its own part of the URL is an error.
            pub fn url(&self) -> Result<String, crate::runtime::InvalidRequest> {
                match self {
                    #(#arms)*
                }
            }
        }

        #default

        #(#enums)*
    }
}

fn server_variant(server: &Server) -> TokenStream {
    let name = format_ident!("{}", server.name);
    let docs = doc_parts(&[server.description.as_deref(), Some(&format!("`{}`", server.url))], &server.url);
    if server.variables.is_empty() {
        return quote! { #docs #name, };
    }
    let fields = variable_fields(server).into_iter().map(|(field, variable)| {
        let ty = variable_type(variable);
        let docs = doc_parts(&[variable.description.as_deref()], &format!("The `{}` variable.", variable.name));
        quote! { #docs #field: #ty, }
    });
    quote! { #docs #name { #(#fields)* }, }
}

pub(super) fn variable_fields(server: &Server) -> Vec<(proc_macro2::Ident, &ServerVariable)> {
    let names = snake_names(server.variables.iter().map(|v| v.name.as_str()), &[]);
    names.iter().map(|n| ident(n)).zip(&server.variables).collect()
}

pub(super) fn variable_type(variable: &ServerVariable) -> TokenStream {
    match &variable.enum_name {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote! { #name }
        }
        None => quote! { String },
    }
}

fn url_arm(server: &Server) -> TokenStream {
    let name = format_ident!("{}", server.name);
    let fields = variable_fields(server);
    let checks = fields.iter().filter(|(_, v)| v.enum_name.is_none()).map(|(field, variable)| {
        let check = if variable.in_authority { quote! { check_host } } else { quote! { check_path_variable } };
        let wire = &variable.name;
        quote! { crate::runtime::#check(#wire, #field)?; }
    });
    let (format, positional) = url_format(&server.url, &fields);
    let bindings: Vec<_> = fields.iter().map(|(f, _)| f).collect();
    let pattern = if fields.is_empty() { quote! { Self::#name } } else { quote! { Self::#name { #(#bindings),* } } };
    let literal = &server.url;
    let url = if fields.is_empty() { quote! { #literal.to_owned() } } else { quote! { format!(#format #(, #positional)*) } };
    quote! {
        #pattern => {
            #(#checks)*
            Ok(#url)
        }
    }
}

/// The server URL as a format string, and the arguments passed by position: format strings
/// cannot name raw identifiers (`r#type`), so those go in order of appearance.
fn url_format<'f>(url: &str, fields: &'f [(proc_macro2::Ident, &ServerVariable)]) -> (String, Vec<&'f proc_macro2::Ident>) {
    let mut format = String::with_capacity(url.len());
    let mut positional = Vec::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        format.push_str(&rest[..start].replace('}', "}}"));
        let variable = &rest[start + 1..start + len];
        match fields.iter().find(|(_, v)| v.name == variable) {
            Some((field, _)) if field.to_string().starts_with("r#") => {
                format.push_str("{}");
                positional.push(field);
            }
            Some((field, _)) => format.push_str(&format!("{{{field}}}")),
            None => format.push_str(&format!("{{{{{variable}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (format, positional)
}

fn default_server(server: &Server) -> TokenStream {
    let name = format_ident!("{}", server.name);
    let fields = variable_fields(server).into_iter().map(|(field, variable)| {
        let value = match &variable.enum_name {
            Some(enum_name) => {
                let enum_name = format_ident!("{}", enum_name);
                let chosen = variable.values.iter().find(|v| v.value == variable.default).or(variable.values.first());
                let variant = format_ident!("{}", chosen.map_or("Unknown", |v| v.name.as_str()));
                quote! { #enum_name::#variant }
            }
            None => {
                let default = &variable.default;
                quote! { #default.to_owned() }
            }
        };
        quote! { #field: #value }
    });
    let value = if server.variables.is_empty() { quote! { Self::#name } } else { quote! { Self::#name { #(#fields),* } } };
    quote! {
        impl Default for Server {
            /// The first server the spec lists, with its variables' defaults.
            fn default() -> Self {
                #value
            }
        }
    }
}

fn variable_enum(variable: &ServerVariable) -> Option<TokenStream> {
    let name = format_ident!("{}", variable.enum_name.as_ref()?);
    let docs = doc_parts(&[variable.description.as_deref()], &format!("Values of the `{}` server variable.", variable.name));
    let variants = variable.values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let doc = format!(" `{}`", v.value);
        let default = (v.value == variable.default).then(|| quote! { #[default] });
        quote! { #[doc = #doc] #default #variant, }
    });
    let arms = variable.values.iter().map(|v| {
        let (variant, value) = (format_ident!("{}", v.name), &v.value);
        quote! { Self::#variant => #value, }
    });
    let has_default = variable.values.iter().any(|v| v.value == variable.default);
    let derive_default = has_default.then(|| quote! { Default, });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #derive_default)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it appears in the URL.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}
