//! Offline tools for bidders and custodians, the counterpart of the bid-preparation tools
//! bidders use today: seal a bid to a trade's opening key without the platform, open one's
//! key share, and check a receipt.
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum BidCommand {
    /// Seal bid files into an envelope for a trade's opening key (nothing leaves this machine).
    Seal {
        /// The opening key as served by `GET /api/trades/{id}/opening-key` (a JSON file).
        #[arg(long)]
        opening_key: PathBuf,
        /// The bidder's unified social credit code.
        #[arg(long)]
        bidder: String,
        /// The bid price in yuan, e.g. 4321000.50.
        #[arg(long)]
        price: String,
        /// The performance or delivery period in days.
        #[arg(long, default_value_t = 90)]
        period_days: u32,
        /// The account the deposit was paid from, if any.
        #[arg(long)]
        deposit_account: Option<String>,
        /// Where to write the envelope.
        #[arg(long)]
        out: PathBuf,
        /// The bid documents.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CustodianCommand {
    /// Open one's encrypted share of a trade's opening key with one's own Ed25519 key, and
    /// print it (base64) for `POST /api/trades/{id}/opening/shares`.
    OpenShare {
        /// The opening room as served by `GET /api/trades/{id}/opening` (a JSON file).
        #[arg(long)]
        opening: PathBuf,
        /// The custodian's person id.
        #[arg(long)]
        person: String,
        /// A file holding the custodian's Ed25519 private key (32-byte seed, hex).
        #[arg(long)]
        seed_file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReceiptCommand {
    /// Check a bid receipt offline: the record is in the log the signed checkpoint states,
    /// and it names exactly this ciphertext.
    Verify {
        receipt: PathBuf,
        /// The trading center's published log key (`GET /api/log/key`; compare its
        /// fingerprint, `sha256sum` of that file, with the one the center publishes).
        #[arg(long)]
        key: String,
        /// The sealed file the bidder kept, to compare with the receipt's hash.
        #[arg(long)]
        envelope: Option<PathBuf>,
        /// Also ask this server (http://host:port) whether its log still holds the bid: a
        /// consistency proof from the receipt's checkpoint to the server's current one.
        #[arg(long, conflicts_with = "current")]
        server: Option<String>,
        /// The same check from files fetched otherwise (e.g. over HTTPS with curl): the
        /// server's current checkpoint (`/api/log/checkpoint`)...
        #[arg(long, requires = "proof")]
        current: Option<PathBuf>,
        /// ...and the consistency proof from the receipt's tree size to it
        /// (`/api/log/proof/consistency?from=<receipt size>&to=<current size>`).
        #[arg(long, requires = "current")]
        proof: Option<PathBuf>,
    },
}

fn read_json(path: &PathBuf) -> anyhow::Result<serde_json::Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

pub fn bid(command: BidCommand) -> anyhow::Result<ExitCode> {
    let BidCommand::Seal {
        opening_key,
        bidder,
        price,
        period_days,
        deposit_account,
        out,
        files,
    } = command;
    let key = read_json(&opening_key)?;
    let field = |name: &str| {
        key[name]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("the opening key file has no {name}"))
    };
    let (trade, suite_name, public_hex) = (field("trade")?, field("suite")?, field("public_key")?);
    let suite = seal::Suite::ALL
        .into_iter()
        .find(|s| s.name() == suite_name)
        .with_context(|| format!("unknown suite {suite_name}"))?;
    let public = seal::OpeningPublicKey::from_bytes(suite, &hex_decode(&public_hex)?)?;
    if public.key_id() != field("key_id")? {
        bail!("the key id does not match the public key: the file is damaged");
    }
    domain::UnifiedSocialCreditCode::parse(&bidder)?;
    let price: domain::Money = price.parse()?;
    let mut bid_files = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .context("a file name")?
            .to_owned();
        bid_files.push(seal::BidFile::new(name, None, bytes));
    }
    let package = seal::BidPackage {
        trade: trade.clone(),
        bidder,
        price_fen: price.fen(),
        period_days,
        deposit_account,
        files: bid_files,
    };
    let envelope = seal::seal(&public, &trade, &package.to_bytes()?, &mut seal::os_rng())?;
    std::fs::write(&out, &envelope).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "sealed {} file(s) for {trade} to key {} ({}): {} bytes, sha256 {}",
        files.len(),
        public.key_id(),
        suite.name(),
        envelope.len(),
        app::sha256_hex(&envelope)
    );
    Ok(ExitCode::SUCCESS)
}

fn hex_decode(s: &str) -> anyhow::Result<Vec<u8>> {
    hex::decode(s.trim()).context("not hex")
}

pub fn custodian(command: CustodianCommand) -> anyhow::Result<ExitCode> {
    let CustodianCommand::OpenShare {
        opening,
        person,
        seed_file,
    } = command;
    let room = read_json(&opening)?;
    let share = room["custodians"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["person"] == person.as_str()))
        .and_then(|c| c["encrypted_share"].as_str())
        .with_context(|| format!("{person} is not a custodian in this opening"))?;
    let seed: [u8; 32] = hex_decode(&std::fs::read_to_string(&seed_file)?)?
        .try_into()
        .map_err(|_| anyhow::anyhow!("the seed must be 32 bytes of hex"))?;
    let sealed = app::bidding::decode_share(share)?;
    let (_, share) = seal::open_share_ed25519(&seed, &sealed)?;
    println!(
        "{}",
        app::bidding::encode_share(share.to_bytes().as_slice())
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn receipt(command: ReceiptCommand) -> anyhow::Result<ExitCode> {
    let ReceiptCommand::Verify {
        receipt,
        key,
        envelope,
        server,
        current,
        proof,
    } = command;
    let parsed: app::bidding::BidReceipt = serde_json::from_value(read_json(&receipt)?)
        .with_context(|| format!("{} is not a bid receipt", receipt.display()))?;
    let verifier = ledger::NoteVerifier::new(key.trim())
        .with_context(|| "--key is not a log key (the text of /api/log/key)")?;
    let key = verifier.verifier_key();
    let bytes = envelope.map(std::fs::read).transpose()?;
    let ok = match app::bidding::check_receipt(&parsed, &key, bytes.as_deref()) {
        Ok(ok) => ok,
        Err(e) => {
            println!("receipt FAILED: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    println!(
        "receipt OK: bid {} of {} (ciphertext sha256 {}) received {} is leaf {} of the log of {} signed by {} (key fingerprint {})",
        ok.handle,
        ok.trade,
        ok.envelope_sha256,
        ok.received_at,
        ok.leaf_index,
        ok.tree_size,
        verifier.name(),
        verifier.fingerprint()
    );
    let held = match (server, current, proof) {
        (Some(server), _, _) => still_held(&parsed, &key, server.trim_end_matches('/')).await,
        (None, Some(current), Some(proof)) => held_by_files(&parsed, &key, &current, &proof),
        _ => return Ok(ExitCode::SUCCESS),
    };
    match held {
        Ok(now) => {
            println!(
                "server OK: its log of {} entries (checkpoint root {}) extends the receipt's",
                now.size, now.root
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("server FAILED: {e:#}");
            Ok(ExitCode::from(1))
        }
    }
}

/// [`still_held`] from files: the server's checkpoint note and its consistency proof JSON.
fn held_by_files(
    receipt: &app::bidding::BidReceipt,
    key: &str,
    current: &PathBuf,
    proof: &PathBuf,
) -> anyhow::Result<ledger::Checkpoint> {
    let current = std::fs::read_to_string(current)
        .with_context(|| format!("reading {}", current.display()))?;
    let bundle: ledger::ConsistencyBundle = serde_json::from_value(read_json(proof)?)
        .with_context(|| format!("{} is not a consistency proof", proof.display()))?;
    app::bidding::check_receipt_still_held(receipt, key, &current, &bundle.proof)
        .map_err(|e| anyhow::anyhow!(e))
}

/// The server's current checkpoint and the consistency proof from the receipt's tree to it,
/// checked against the receipt ([`app::bidding::check_receipt_still_held`]).
async fn still_held(
    receipt: &app::bidding::BidReceipt,
    key: &str,
    server: &str,
) -> anyhow::Result<ledger::Checkpoint> {
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    let response = http
        .get(format!("{server}/api/log/checkpoint"))
        .send()
        .await?;
    if !response.status().is_success() {
        bail!(
            "the server gives no checkpoint ({}): {}",
            response.status(),
            response.text().await.unwrap_or_default()
        );
    }
    let current = response.text().await?;
    let now = ledger::parse_note_unverified(&current).context("the server's checkpoint")?;
    let held = receipt.inclusion.tree_size;
    let proof: Vec<ledger::Hash> = if now.size < held {
        Vec::new() // the check below refuses a shorter log before it needs a proof
    } else {
        let url = format!(
            "{server}/api/log/proof/consistency?from={held}&to={}",
            now.size
        );
        let response = http.get(url).send().await?;
        if !response.status().is_success() {
            bail!(
                "the server gives no consistency proof from the receipt's checkpoint (size {held}) to its current one ({}): {}; it no longer holds that checkpoint",
                response.status(),
                response.text().await.unwrap_or_default()
            );
        }
        let bundle: ledger::ConsistencyBundle = response.json().await?;
        bundle.proof
    };
    app::bidding::check_receipt_still_held(receipt, key, &current, &proof)
        .map_err(|e| anyhow::anyhow!(e))
}
