using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Vigil.Tests.Console;

/// <summary>Headless Debian Chromium driven by chromium-driver (both installed by scripts/test.sh).</summary>
public static class Browser
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("VIGIL_CHROMIUM") ?? "/usr/bin/chromium";
    public static string DriverPath => Environment.GetEnvironmentVariable("VIGIL_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    public static ChromeDriver Start()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
            throw new InvalidOperationException($"Chromium ({ChromiumPath}) or its driver ({DriverPath}) is missing: run scripts/test.sh, which installs Debian's chromium and chromium-driver");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000",
            "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-extensions", "--lang=en-GB");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(20);
        return driver;
    }

    /// <summary>Polls the page until <paramref name="find"/> gives a value (an element not drawn yet, or redrawn, means: again); never a fixed sleep.</summary>
    public static async Task<T> Until<T>(Func<T?> find, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (find() is { } found)
                    return found;
            }
            catch (Exception ex) when (ex is NoSuchElementException or StaleElementReferenceException or WebDriverException or NullReferenceException)
            {
                last = ex;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}", last);
    }

    /// <summary>Finds the element and acts on it, again if the page redrew it in between (live pages redraw on every change).</summary>
    public static Task<IWebElement> Do(this IWebDriver d, string css, Action<IWebElement> action, TimeSpan? timeout = null) =>
        Until(() =>
        {
            if (d.Find(css) is not { } e)
                return null;
            action(e);
            return e;
        }, timeout ?? TimeSpan.FromSeconds(60), css);

    public static IWebElement? Find(this IWebDriver d, string css) => d.FindElements(By.CssSelector(css)).FirstOrDefault();

    /// <summary>Saves a screenshot under $VIGIL_SCREENSHOTS (scripts/screenshots.sh sets it to docs/); nothing otherwise.</summary>
    public static void Screenshot(this ChromeDriver d, string name)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_SCREENSHOTS") is not { Length: > 0 } dir)
            return;
        Directory.CreateDirectory(dir);
        d.GetScreenshot().SaveAsFile(Path.Combine(dir, $"console-{name}.png"));
    }
}
