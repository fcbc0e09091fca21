namespace BatchLab.Tests.Support;

/// <summary>A screen to emulate: CSS pixels; Mobile honours the page's viewport meta tag like a phone.</summary>
internal sealed record Screen(string Name, int Width, int Height, bool Mobile)
{
    public static readonly Screen Desktop = new("desktop", 1280, 900, false);
    public static readonly Screen Phone = new("phone", 390, 844, true);
}

internal sealed record PageImage(string Alt, int NaturalWidth, bool Decoded);

/// <summary>
/// What a page did in a real browser: every console error, uncaught exception and browser-logged
/// error (a missing file, a refused resource), the section ids and images in the DOM, whether the
/// page is wider than the screen, and where its full-page screenshot was saved.
/// </summary>
internal sealed record PageCheck(
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> SectionIds,
    IReadOnlyList<PageImage> Images,
    int InlineSvgs,
    int PageWidth,
    int ScreenWidth,
    string Text,
    string Screenshot,
    IReadOnlyList<string> TextOutsideFigures)
{
    // Waits for every image to decode, so a broken data URI shows up as Decoded = false.
    const string Probe = """
        (async () => {
          const images = [...document.images];
          const decoded = await Promise.all(images.map(i => i.decode().then(() => true, () => false)));
          return {
            sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
            images: images.map((i, k) => ({ alt: i.alt, naturalWidth: i.naturalWidth, decoded: decoded[k] })),
            svgs: document.querySelectorAll('svg').length,
            pageWidth: document.documentElement.scrollWidth,
            screenWidth: window.innerWidth,
            text: document.body.innerText,
            outside: (await Promise.all([...document.querySelectorAll('figure picture')].flatMap(p =>
              [p.querySelector('source')?.srcset, p.querySelector('img')?.src].filter(u => u).map(u => [p.querySelector('img').alt, u]))
              .map(([alt, uri]) => fetch(uri).then(r => r.text()).then(svg => TextOutside(svg, alt))))).flat(),
          };
        })()
        """;

    /// <summary>
    /// JavaScript: every non-empty &lt;text&gt; of an SVG drawing whose box (after rotation) leaves the
    /// drawing's bounds, i.e. a title, label or tick the image cuts off. The SVG is laid out inline,
    /// hidden, at its natural size, so boxes are in the drawing's own pixels.
    /// </summary>
    public const string TextOutsideFunction = """
        function TextOutside(svgText, name) {
          const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
          const svg = document.importNode(doc.documentElement, true);
          const holder = document.createElement('div');
          holder.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
          holder.appendChild(svg);
          document.body.appendChild(holder);
          const frame = svg.getBoundingClientRect();
          const out = [];
          for (const t of svg.querySelectorAll('text')) {
            const r = t.getBoundingClientRect();
            if (!t.textContent.trim() || r.width === 0) continue;
            if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
              out.push(`${name} (${Math.round(frame.width)}×${Math.round(frame.height)}): "${t.textContent}" spans x ${Math.round(r.left - frame.left)}..${Math.round(r.right - frame.left)}, y ${Math.round(r.top - frame.top)}..${Math.round(r.bottom - frame.top)}`);
          }
          holder.remove();
          return out;
        }
        """;

    /// <summary>Opens <paramref name="html"/> in a new tab of <paramref name="browser"/> at the given screen size.</summary>
    public static async Task<PageCheck> Run(HeadlessChromium browser, string html, Screen screen, string screenshot)
    {
        var devTools = browser.DevTools;
        var target = (await devTools.Send("Target.createTarget", new { url = "about:blank" })).GetProperty("targetId").GetString();
        var session = (await devTools.Send("Target.attachToTarget", new { targetId = target, flatten = true })).GetProperty("sessionId").GetString()!;
        try
        {
            foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
            {
                await devTools.Send(domain, session: session);
            }

            await devTools.Send("Emulation.setDeviceMetricsOverride",
                new { width = screen.Width, height = screen.Height, deviceScaleFactor = 1, mobile = screen.Mobile }, session);
            var navigation = await devTools.Send("Page.navigate", new { url = new Uri(Path.GetFullPath(html)).AbsoluteUri }, session);
            if (navigation.TryGetProperty("errorText", out var error))
            {
                throw new InvalidOperationException($"Chromium could not open {html}: {error.GetString()}");
            }

            await devTools.WaitForEvent("Page.loadEventFired", session);
            var probe = await devTools.Send("Runtime.evaluate", new { expression = TextOutsideFunction + Probe, awaitPromise = true, returnByValue = true }, session);
            var page = probe.GetProperty("result").GetProperty("value");
            await SaveScreenshot(devTools, session, screenshot);
            return new PageCheck(
                CollectErrors(devTools.Events, session),
                [.. page.GetProperty("sections").EnumerateArray().Select(s => s.GetString()!)],
                [.. page.GetProperty("images").EnumerateArray().Select(i => new PageImage(
                    i.GetProperty("alt").GetString()!, i.GetProperty("naturalWidth").GetInt32(), i.GetProperty("decoded").GetBoolean()))],
                page.GetProperty("svgs").GetInt32(),
                page.GetProperty("pageWidth").GetInt32(),
                page.GetProperty("screenWidth").GetInt32(),
                page.GetProperty("text").GetString()!,
                Path.GetFullPath(screenshot),
                [.. page.GetProperty("outside").EnumerateArray().Select(t => t.GetString()!)]);
        }
        finally
        {
            await devTools.Send("Target.closeTarget", new { targetId = target });
        }
    }

    /// <summary>
    /// The texts of SVG drawings that fall outside them, for files a report writes beside its page
    /// (each figure's SVG with its title): opened one by one in a tab of <paramref name="browser"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TextOutside(HeadlessChromium browser, IEnumerable<string> svgFiles)
    {
        var devTools = browser.DevTools;
        var target = (await devTools.Send("Target.createTarget", new { url = "about:blank" })).GetProperty("targetId").GetString();
        var session = (await devTools.Send("Target.attachToTarget", new { targetId = target, flatten = true })).GetProperty("sessionId").GetString()!;
        try
        {
            var outside = new List<string>();
            foreach (var file in svgFiles)
            {
                var text = System.Text.Json.JsonSerializer.Serialize(await File.ReadAllTextAsync(file));
                var expression = $"{TextOutsideFunction} TextOutside({text}, {System.Text.Json.JsonSerializer.Serialize(Path.GetFileName(file))})";
                var result = await devTools.Send("Runtime.evaluate", new { expression, returnByValue = true }, session);
                outside.AddRange(result.GetProperty("result").GetProperty("value").EnumerateArray().Select(t => t.GetString()!));
            }

            return outside;
        }
        finally
        {
            await devTools.Send("Target.closeTarget", new { targetId = target });
        }
    }

    /// <summary>The whole page, not only the first screen, at one device pixel per CSS pixel.</summary>
    static async Task SaveScreenshot(DevToolsConnection devTools, string session, string path)
    {
        var size = (await devTools.Send("Page.getLayoutMetrics", session: session)).GetProperty("cssContentSize");
        var clip = new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 };
        var shot = await devTools.Send("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true, clip }, session);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    static List<string> CollectErrors(IEnumerable<DevToolsEvent> events, string session) =>
        [.. events.Where(e => e.Session == session).Select(e => e.Method switch
        {
            "Runtime.exceptionThrown" => "uncaught exception: " + e.Parameters.GetProperty("exceptionDetails").ToString(),
            "Runtime.consoleAPICalled" when e.Parameters.GetProperty("type").GetString() is "error" or "assert" =>
                "console error: " + e.Parameters.GetProperty("args").ToString(),
            "Log.entryAdded" when e.Parameters.GetProperty("entry").GetProperty("level").GetString() == "error" =>
                "browser error: " + e.Parameters.GetProperty("entry").ToString(),
            _ => null,
        }).OfType<string>()];
}
