//! `servers` and `components/securitySchemes`.

use openapiv3::{APIKeyLocation, SecurityScheme as OaScheme};

use super::names::{Namespace, type_name};
use super::operation::template_variables;
use super::schema::enum_values;
use super::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{ParamLocation, SecurityKind, SecurityScheme, Server, ServerVariable};
use crate::pointer::Pointer;

/// Descriptions longer than this make poor variant names; such servers are numbered.
const MAX_NAME_FROM_DESCRIPTION: usize = 32;

impl Lowerer<'_> {
    pub(super) fn servers(&mut self) -> Result<Vec<Server>> {
        let mut names = Namespace::default();
        let mut servers = Vec::new();
        for (i, server) in self.doc.api.servers.iter().enumerate() {
            let at = Pointer::root().push("servers").push(i.to_string());
            let name = match &server.description {
                Some(d) if d.len() <= MAX_NAME_FROM_DESCRIPTION && !d.trim().is_empty() => type_name(d),
                _ => format!("Server{}", i + 1),
            };
            let url = server.url.trim_end_matches('/').to_owned();
            let mut variables = Vec::new();
            for variable in template_variables(&url) {
                let spec = server.variables.as_ref().and_then(|v| v.get(&variable)).ok_or_else(|| {
                    Error::at(
                        at.push("url").to_string(),
                        format!("server variable `{variable}` is used in the URL but not defined under `variables`"),
                    )
                })?;
                let enum_name = (!spec.enumeration.is_empty()).then(|| self.type_names.unique(&type_name(&variable)));
                variables.push(ServerVariable {
                    in_authority: in_authority(&url, &variable),
                    name: variable,
                    description: spec.description.clone(),
                    default: spec.default.clone(),
                    values: enum_values(&spec.enumeration.iter().map(String::as_str).collect::<Vec<_>>()),
                    enum_name,
                });
            }
            servers.push(Server { name: names.unique(&name), description: server.description.clone(), url, variables });
        }
        Ok(servers)
    }

    pub(super) fn security_schemes(&mut self) -> Result<Vec<SecurityScheme>> {
        let Some(components) = &self.doc.api.components else { return Ok(Vec::new()) };
        let base = Pointer::root().push("components").push("securitySchemes");
        let mut schemes = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let (scheme, _) = self.resolve(scheme, &base.push(name))?;
            let (kind, description) = match &*scheme {
                OaScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (Some(SecurityKind::Basic), description)
                }
                OaScheme::HTTP { scheme, description, .. } => {
                    (scheme.eq_ignore_ascii_case("bearer").then_some(SecurityKind::Bearer), description)
                }
                OaScheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (Some(SecurityKind::ApiKey { location, parameter: name.clone() }), description)
                }
                // Both end in an access token sent as a bearer token.
                OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                    (Some(SecurityKind::Bearer), description)
                }
            };
            // Other HTTP schemes (digest, …) need a handshake this client does not do.
            if let Some(kind) = kind {
                schemes.push(SecurityScheme { name: name.clone(), description: description.clone(), kind });
            }
        }
        Ok(schemes)
    }
}

/// Whether `{variable}` stands between `://` and the first `/` of the path.
fn in_authority(url: &str, variable: &str) -> bool {
    let placeholder = format!("{{{variable}}}");
    let Some(position) = url.find(&placeholder) else { return false };
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[authority_start..].find('/').map_or(url.len(), |i| authority_start + i);
    (authority_start..authority_end).contains(&position)
}

#[cfg(test)]
mod tests {
    use super::in_authority;

    #[test]
    fn finds_variables_in_the_authority() {
        assert!(in_authority("https://{host}", "host"));
        assert!(in_authority("https://api.{region}.arize.com/v2", "region"));
        assert!(!in_authority("https://api.example.com/{basePath}", "basePath"));
    }
}
