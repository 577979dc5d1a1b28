//! `wren-server --accept [HOST:]PORT --cert PEM --key PEM [--cafile PEM --verify-client]
//! [--policy NAME] [--groups x25519,P-256] [--alpn LIST] [--echo | --www] [--naccept N]`
//!
//! Binds 127.0.0.1 unless a host is given. Exit 0 when every connection closed cleanly, 1
//! otherwise (each error's name is printed), 2 for bad usage.

use std::process::ExitCode;

use wren_tools::args::{parse_server, Parsed, SERVER_HELP, SERVER_USAGE};
use wren_tools::session::Exit;

fn main() -> ExitCode {
    let args = match parse_server(std::env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{SERVER_USAGE}\n\n{SERVER_HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("wren-server: {e}\n{SERVER_USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = wren_tools::server::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    match &result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Exit::Usage(e)) => eprintln!("wren-server: {e}\n{SERVER_USAGE}"),
        Err(Exit::Failed(e)) => eprintln!("wren-server: error {e}"),
    }
    ExitCode::from(result.err().map_or(1, |e| e.code()))
}
