//! Writes a camera video (Y4M, 640×480, 10 frames a second) that shows the QR codes of a
//! transfer in turn, as a phone does: the input is a text code (one chunk per line). Chromium
//! plays it as its camera with `--use-fake-device-for-media-stream
//! --use-file-for-fake-video-capture=FILE.y4m`, which is how `tests/e2e/workshop.test.mjs` scans.
//!
//! `cargo run -p otsenka-workshop --example qr_video -- CODE.txt OUT.y4m [FRAMES_PER_CODE]`

use std::io::Write;

const W: usize = 640;
const H: usize = 480;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("usage: qr_video CODE.txt OUT.y4m [FRAMES_PER_CODE]".into());
    };
    let per: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(8);
    let text = std::fs::read_to_string(input)?;
    let chunks: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    writeln!(out, "YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg")?;
    for chunk in &chunks {
        let code =
            qrcode::QrCode::with_error_correction_level(chunk.as_bytes(), qrcode::EcLevel::M)?;
        let n = code.width();
        let colors = code.to_colors();
        let module = (H - 40) / (n + 8);
        let side = module * (n + 8);
        let (x0, y0) = ((W - side) / 2, (H - side) / 2);
        let mut y_plane = vec![235u8; W * H];
        for (i, c) in colors.iter().enumerate() {
            if *c != qrcode::Color::Dark {
                continue;
            }
            let (mx, my) = (i % n + 4, i / n + 4);
            for dy in 0..module {
                let row = (y0 + my * module + dy) * W;
                let start = row + x0 + mx * module;
                y_plane[start..start + module].fill(16);
            }
        }
        let chroma = vec![128u8; (W / 2) * (H / 2)];
        for _ in 0..per {
            out.write_all(b"FRAME\n")?;
            out.write_all(&y_plane)?;
            out.write_all(&chroma)?;
            out.write_all(&chroma)?;
        }
    }
    out.flush()?;
    eprintln!(
        "{output}: {} codes, {} frames",
        chunks.len(),
        chunks.len() * per
    );
    Ok(())
}
