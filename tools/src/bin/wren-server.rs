//! `wren-server --accept [HOST:]PORT --cert PEM --key PEM [--cafile PEM --verify-client]
//! [--policy NAME] [--groups x25519,P-256] [--alpn LIST] [--echo | --www] [--naccept N]`
//!
//! Binds 127.0.0.1 unless a host is given. Exit 0 when every connection closed cleanly, 1
//! otherwise (each error's name is printed), 2 for bad usage.

use std::process::ExitCode;

use wren_tools::args::{parse_server, SERVER_USAGE};

fn main() -> ExitCode {
    let args = match parse_server(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("wren-server: {e}\n{SERVER_USAGE}");
            return ExitCode::from(2);
        }
    };
    match wren_tools::server::run(&args, &mut std::io::stdout(), &mut std::io::stderr()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wren-server: error {e}");
            ExitCode::FAILURE
        }
    }
}
