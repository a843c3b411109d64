//! The library doing what `openapi-rust-client generate` and `check` do: one client crate from
//! a spec, with a selection, then a check that it is up to date.
//! `cargo run -p codegen --example generate_one_crate -- SPEC OUT`

use std::process::ExitCode;

use codegen::crates::{GenerateOptions, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: generate_one_crate SPEC OUT");
        return ExitCode::from(2);
    };
    // The files' headers name `openapi-rust-client generate --spec SPEC` as the way to
    // regenerate them (`options.program` names another command).
    let mut options = GenerateOptions::new(spec, out);
    options.name = Some("pets-client".to_owned());
    if let Err(error) = options.settings.set_option("--exclude-operation", "createPet") {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    // Errors name the file and the JSON pointer (or settings key) at fault; nothing is written.
    match generate(&options) {
        Ok(outcome) => outcome.print(),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    options.check = true;
    match generate(&options) {
        Ok(outcome) if !outcome.is_stale() => ExitCode::SUCCESS,
        Ok(outcome) => {
            eprintln!("{}", outcome.summary);
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
