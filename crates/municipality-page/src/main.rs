//! The «Муниципалитет» page (`/municipality.html`): a municipal specialist loads the files
//! schools sent (CSV exports in any profile, backup files), sees each file's verdict, and gets
//! the consolidated table, the risk group, charts, a CSV of the table and a printed summary;
//! and, apart, the schools' execution reports on a meeting's decisions (`execution`).
//!
//! Its own wasm, built by Trunk beside the app and the file worker and loaded only by this
//! page, so none of it weighs on the school's first view. The numbers come from
//! `crates/municipal`, the same code as the `otsenka summary` command.

mod charts;
mod data;
mod execution;
mod page;
mod text;

/// The app's stylesheet and this page's own rules, set in a `<style>` element at start (the
/// app's CSS file name carries a content hash that a static page cannot know).
const STYLE: &str = concat!(
    include_str!("../../../public/style.css"),
    include_str!("page.css")
);

fn main() {
    web::add_style(STYLE);
    wasm_bindgen_futures::spawn_local(async {
        let (db, problem) = data::open().await;
        page::start(db, problem);
    });
}
