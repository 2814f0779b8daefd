//! `otsenka hall` (issue 21): a workshop in a hall with no internet. The facilitator's laptop
//! serves the app it carries (`app_files`) to the participants' phones on the local network
//! (`net`), takes their answers over a JSON API (`api`), judged by the workshop's own board
//! (`state`), and writes each to an SQLite journal before it answers (`journal`). Killed and
//! started again on the same journal, it resumes the session with everything it had taken.

mod api;
mod app_files;
mod journal;
mod net;
mod state;

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

use crate::args::Hall as HallArgs;
use model::Lang;

pub fn hall(args: &HallArgs, lang: Lang) -> ExitCode {
    match run(args, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("otsenka hall: {e}");
            ExitCode::from(2)
        }
    }
}

fn url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{port}"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}"),
    }
}

/// The join address as a QR code drawn with half-block characters (two rows per line).
fn terminal_qr(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

fn run(args: &HallArgs, lang: Lang) -> Result<(), String> {
    if !app_files::built_in() && !args.api_only {
        return Err(lang
            .t(
                "эта программа собрана без приложения, и телефонам нечего открыть. Соберите и запустите её командой cargo xtask hall (или запустите с --api-only, чтобы принимать только API).",
                "this program was built without the app, so the phones have nothing to open. Build and start it with cargo xtask hall (or start it with --api-only to take the API only).",
            )
            .to_owned());
    }
    let listen = net::listen(&args.listen, args.allow_public, lang)?;
    let journal = journal::Journal::open(&args.journal).map_err(|e| {
        format!(
            "{}: {} ({e})",
            args.journal.display(),
            lang.t("журнал не открывается", "the journal does not open")
        )
    })?;
    let hall = state::Hall::open(journal, args.joins_per_minute).map_err(|e| {
        format!(
            "{}: {} ({e})",
            args.journal.display(),
            lang.t("журнал не читается", "the journal does not read")
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(args, lang, listen, hall))
}

fn bind(bind: &[IpAddr], port: u16, lang: Lang) -> Result<Vec<std::net::TcpListener>, String> {
    let mut port = port;
    let mut listeners = Vec::new();
    for ip in bind {
        let at = SocketAddr::new(*ip, port);
        let listener = std::net::TcpListener::bind(at).map_err(|e| {
            format!(
                "{at}: {} ({e})",
                lang.t(
                    "не удаётся принимать соединения на этом адресе (порт занят? другой — --port)",
                    "cannot accept connections at this address (port in use? another: --port)"
                )
            )
        })?;
        // Port 0: the first address picks a free port, and the others take the same one.
        port = listener.local_addr().map_err(|e| e.to_string())?.port();
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        listeners.push(listener);
    }
    Ok(listeners)
}

async fn serve(
    args: &HallArgs,
    lang: Lang,
    listen: net::Listen,
    hall: state::Hall,
) -> Result<(), String> {
    let listeners = bind(&listen.bind, args.port, lang)?;
    let port = listeners
        .first()
        .and_then(|l| l.local_addr().ok())
        .map_or(args.port, |a| a.port());
    print_addresses(args, lang, &listen, port, &hall);
    let addresses = listen.shown.iter().map(|ip| url(*ip, port)).collect();
    let shared = Arc::new(api::Shared::new(
        hall,
        lang,
        args.facilitator_anywhere,
        args.api_only,
        addresses,
    ));
    let app = api::router(shared);
    let mut servers = tokio::task::JoinSet::new();
    for listener in listeners {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        let service = app
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        servers.spawn(async move { axum::serve(listener, service).await });
    }
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {
            println!("{}", lang.t("Остановлено. Всё принятое — в журнале.", "Stopped. Everything taken is in the journal."));
            Ok(())
        }
        Some(done) = servers.join_next() => match done {
            Ok(Err(e)) => Err(e.to_string()),
            Ok(Ok(())) => Ok(()),
            Err(e) => Err(e.to_string()),
        },
    }
}

fn print_addresses(
    args: &HallArgs,
    lang: Lang,
    listen: &net::Listen,
    port: u16,
    hall: &state::Hall,
) {
    let journal = args
        .journal
        .canonicalize()
        .unwrap_or_else(|_| args.journal.clone());
    println!(
        "{}",
        lang.t("Оценка: семинар в зале", "Otsenka: workshop in a hall")
    );
    println!("{} {}", lang.t("Журнал:", "Journal:"), journal.display());
    if let (Some(title), Some((answers, people))) = (hall.session_title(), hall.counts()) {
        println!(
            "{} «{title}»: {answers} {} {people}",
            lang.t("Продолжается семинар", "Resuming the session"),
            lang.t("ответов групп, участников:", "group answers, participants:")
        );
    }
    let code = &hall.join_code;
    println!();
    println!(
        "{}",
        lang.t(
            "Участникам (телефон в той же сети Wi-Fi): отсканируйте QR-код или откройте",
            "For the participants (a phone on the same Wi-Fi): scan the QR code or open"
        )
    );
    for ip in &listen.shown {
        println!("  {}/j/{code}", url(*ip, port));
    }
    if let Some(first) = listen.shown.first() {
        println!(
            "{} {} {} {code}",
            lang.t("или наберите адрес", "or type the address"),
            url(*first, port),
            lang.t("и код семинара", "and the session code")
        );
        print!(
            "{}",
            terminal_qr(&format!("{}/j/{code}", url(*first, port)))
        );
        println!();
    }
    let here = listen
        .bind
        .iter()
        .find(|ip| ip.is_loopback())
        .copied()
        .unwrap_or_else(|| listen.shown.first().copied().unwrap_or(listen.bind[0]));
    println!(
        "{}",
        lang.t(
            "Ведущему — только на этом ноутбуке, никому не показывайте:",
            "For the facilitator — on this laptop only, show it to nobody:"
        )
    );
    println!("  {}/workshop.html#hall={}", url(here, port), hall.secret());
    println!(
        "{}",
        lang.t(
            "Остановить: Ctrl+C (принятое не потеряется; запуск с тем же журналом продолжит семинар).",
            "Stop: Ctrl+C (nothing taken is lost; starting on the same journal resumes the session)."
        )
    );
}
