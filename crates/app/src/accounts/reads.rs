//! Reads of the account projections, for pages and the API.

use serde::de::DeserializeOwned;

use crate::accounts::views::{
    CREDENTIAL, CredentialDoc, ORG, OrgView, PERSON, POST, PersonView, PostView,
};
use crate::error::AppError;
use crate::platform::Platform;

fn parse<T: DeserializeOwned>(
    kind: &str,
    key: &str,
    doc: serde_json::Value,
) -> Result<T, AppError> {
    serde_json::from_value(doc)
        .map_err(|e| AppError::Corrupt(format!("projection {kind}/{key}: {e}")))
}

impl Platform {
    async fn view<T: DeserializeOwned>(
        &self,
        kind: &str,
        key: &str,
    ) -> Result<Option<T>, AppError> {
        match self.store.projection(kind, key).await? {
            Some(doc) => Ok(Some(parse(kind, key, doc)?)),
            None => Ok(None),
        }
    }

    pub(crate) async fn org(&self, code: &str) -> Result<OrgView, AppError> {
        let code = code.trim().to_ascii_uppercase();
        self.view(ORG, &code)
            .await?
            .ok_or_else(|| AppError::not_found(format!("organisation {code}")))
    }

    /// Every organisation, by code.
    pub(crate) async fn orgs(&self) -> Result<Vec<OrgView>, AppError> {
        self.store
            .projections(ORG)
            .await?
            .into_iter()
            .map(|r| parse(ORG, &r.key, r.doc))
            .collect()
    }

    pub(crate) async fn person(&self, id: &str) -> Result<PersonView, AppError> {
        self.view(PERSON, id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("person {id}")))
    }

    /// Every person, by id.
    pub(crate) async fn people(&self) -> Result<Vec<PersonView>, AppError> {
        self.store
            .projections(PERSON)
            .await?
            .into_iter()
            .map(|r| parse(PERSON, &r.key, r.doc))
            .collect()
    }

    pub(crate) async fn post(&self, id: &str) -> Result<PostView, AppError> {
        self.view(POST, id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("post {id}")))
    }

    /// Every post, by id.
    pub(crate) async fn posts(&self) -> Result<Vec<PostView>, AppError> {
        self.store
            .projections(POST)
            .await?
            .into_iter()
            .map(|r| parse(POST, &r.key, r.doc))
            .collect()
    }

    /// What sign-in checks against; `None` for an unknown person.
    pub(crate) async fn credential(&self, id: &str) -> Result<Option<CredentialDoc>, AppError> {
        self.view(CREDENTIAL, id).await
    }
}
