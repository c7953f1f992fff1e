using System.Text.Json;

namespace DataPipe.Core.Tests.Decontamination;

/// <summary>A small evaluation set written for these tests: multiple-choice items (question, choices, answer index)
/// and free-answer items (question, answer text), plus a plain-text set of one item per line.</summary>
public static class EvalFixture
{
    public sealed record Item(string Question, string[]? Choices, object Answer)
    {
        public string AnswerText => Choices is null ? (string)Answer : Choices[(int)Answer];
    }

    public static readonly Item[] Items =
    [
        new("Which gas do green plants take in from the air and use together with sunlight and water to make their food?", ["oxygen", "carbon dioxide", "nitrogen", "helium"], 1),
        new("A student drops a ball and a feather inside a tube with all of the air pumped out; what happens to them?", ["the ball lands first", "the feather lands first", "they land at the same time", "neither falls"], 2),
        new("Which layer of the earth lies directly beneath the crust and is made of hot rock that flows very slowly?", ["the mantle", "the inner core", "the outer core", "the atmosphere"], 0),
        new("When a sample of ice is heated in a closed container at normal pressure, what happens first to the temperature of the ice?", ["it rises until the ice begins to melt", "it falls", "it stays the same from the start", "it doubles at once"], 0),
        new("What is the main job of the red blood cells that travel through the arteries and veins of the human body?", ["fighting infection", "carrying oxygen to the tissues", "digesting food", "storing memories"], 1),
        new("Which simple machine is made of a wheel with a groove and a rope that runs in the groove to lift loads?", ["a lever", "a wedge", "a pulley", "a screw"], 2),
        new("A farmer notices that the soil in one field washes away after every heavy storm; which practice would best keep the soil in place?", ["planting cover crops", "removing all trees", "plowing down the slope", "burning the stubble"], 0),
        new("Why does a metal spoon left standing in a cup of hot tea soon feel warm at the end that is held in the hand?", ["metal conducts heat", "metal reflects light", "tea is magnetic", "the cup is cold"], 0),
        new("According to the terms of the license agreement that came with the software, which party must pay for repairs after the warranty ends?", ["the seller", "the owner of the computer", "the maker of the screen", "nobody"], 1),
        new("Which planet in our solar system has the shortest year because it travels around the sun on the smallest orbit?", ["Mars", "Venus", "Mercury", "Neptune"], 2),
        new("A sound wave travels from air into water; which property of the wave changes the most as it crosses the boundary?", ["its speed", "its source", "its owner", "its color"], 0),
        new("Which part of a flowering plant usually grows into the fruit that protects the seeds after the flower is pollinated?", ["the petal", "the ovary", "the root", "the leaf"], 1),
        new("What do we call the process in which a liquid changes into a gas at its surface at temperatures below its boiling point?", ["condensation", "freezing", "evaporation", "melting"], 2),
        new("A magnet is cut into two pieces across its middle; what is true of each of the two smaller pieces that are made?", ["each has a north and a south pole", "neither is magnetic", "one has only a north pole", "both lose their iron"], 0),
        new("Which kind of rock forms when layers of sand and mud settle at the bottom of a lake and are pressed together over time?", ["igneous rock", "sedimentary rock", "metamorphic rock", "volcanic glass"], 1),
        new("In a food chain that begins with grass, which living thing would most likely be found in the second link of the chain?", ["a hawk", "a rabbit", "a mushroom", "a stone"], 1),
        new("Who wrote down the three laws of motion that explain how forces change the way objects move?", null, "Isaac Newton described them in his book of 1687"),
        new("What is the name of the long chemical molecule inside the nucleus of a cell that carries the instructions for growth?", null, "it is called deoxyribonucleic acid or DNA"),
        new("How many minutes does light from the sun take, on average, to reach the surface of the earth?", null, "about eight minutes and twenty seconds"),
        new("Explain why the moon appears to change its shape over the course of about one month when seen from the earth.", null, "we see different parts of its sunlit half as it orbits us"),
        new("What does a thermometer placed in a glass of ice water read once the ice and water have settled together?", null, "zero degrees Celsius or thirty two degrees Fahrenheit"),
        new("Name the force that pulls a sled back and slows it down as it slides over a rough patch of dry ground.", null, "friction between the runners and the ground"),
        new("Why do people who live in very cold places often wear several thin layers of clothing instead of one thick coat?", null, "air trapped between the layers keeps warmth close to the body"),
        new("What happens to the volume of a balloon filled with air when it is carried from a warm room out into freezing weather?", null, "the balloon shrinks because the cooled air takes less space"),
    ];

    public static readonly string[] Lines =
    [
        "the quick harbor pilot guided the heavy grain ship past the broken lighthouse before the evening tide turned",
        "seven lanterns hung from the old stone bridge while the river carried the autumn leaves down toward the mill",
    ];

    public static string ItemText(int i) => Items[i].Question + " " + Items[i].AnswerText;

    public static void Write(string jsonl, string txt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(jsonl)!);
        File.WriteAllLines(jsonl, Items.Select((item, i) => item.Choices is null
            ? JsonSerializer.Serialize(new { id = i, question = item.Question, answer = item.Answer })
            : JsonSerializer.Serialize(new { id = i, question = item.Question, choices = item.Choices, answer = item.Answer })));
        File.WriteAllLines(txt, Lines);
    }
}
